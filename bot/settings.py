"""Configuration from the environment and .env, built once by the entry point and passed down."""

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.paths import default_knowledge_dir, shipped_dir

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/copyright-bot.sqlite3"


class Settings(BaseSettings):
    """Every key is documented in .env.example."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: str | None = Field(default=None, repr=False)
    database_url: str = DEFAULT_DATABASE_URL
    knowledge_dir: Path = Field(default_factory=default_knowledge_dir)
    log_level: str = "WARNING"
    driver_log_level: str = "WARNING"  # sqlalchemy, aiosqlite, asyncpg, alembic: their DEBUG is every statement
    dev_guild_id: int | None = None
    message_content_intent: bool = False
    answer_cooldown_seconds: float = Field(default=20.0, ge=0)
    answer_channel_confidence: float = Field(default=0.9, ge=0, le=1)
    kb_editor_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    kb_editor_role_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("kb_editor_guild_ids", "kb_editor_role_ids", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> object:
        """Accept "1,2,3" as well as JSON "[1, 2, 3]"; anything else is refused with the setting's name."""
        if isinstance(value, str):
            text = value.strip().strip("[]")
            parts = [p.strip().strip('"') for p in text.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("must be Discord ids (numbers) separated by commas")
            return [int(p) for p in parts]
        return value

    @field_validator("discord_token")
    @classmethod
    def _blank_token_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("log_level", "driver_log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    def knowledge_source(self) -> str:
        """Where knowledge_dir came from, as `kb stats` shows it."""
        if "knowledge_dir" in self.model_fields_set:
            return "KNOWLEDGE_DIR"
        if self.knowledge_dir == shipped_dir("knowledge") and "resources" in self.knowledge_dir.parts:
            return "the copy installed with the package"
        return "the checkout's knowledge/"
