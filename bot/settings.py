"""Configuration from the environment and .env, built once by the entry point and passed down."""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.paths import shipped_dir

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/copyright-bot.sqlite3"


class Settings(BaseSettings):
    """Every key is documented in .env.example."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: str | None = Field(default=None, repr=False)
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: Path = Field(default_factory=lambda: shipped_dir("knowledge"))
    log_level: str = "WARNING"
    dev_guild_id: int | None = None
    message_content_intent: bool = False
    answer_cooldown_seconds: float = Field(default=20.0, ge=0)
    answer_channel_confidence: float = Field(default=0.9, ge=0, le=1)

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("discord_token")
    @classmethod
    def _blank_token_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level
