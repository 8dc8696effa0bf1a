"""Configuration from the environment and .env, built once by the entry point and passed down."""

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
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
    # Sharding: SHARD_COUNT shards in all; this process runs SHARD_IDS of them ("0-3" or "0,1,2,3"). Neither set:
    # one process runs every shard, as many as Discord recommends.
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = None
    change_check_seconds: float = Field(default=1.0, gt=0, le=60)  # how often the version is checked

    @field_validator("shard_count", mode="before")
    @classmethod
    def _blank_count_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_range(cls, value: object) -> object:
        """ "0-3" (a range, both ends included) or "0,2,5"; blank is every shard."""
        if not isinstance(value, str):
            return value
        ids: list[int] = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            low, dash, high = part.partition("-")
            if not low.strip().isdigit() or (dash and not high.strip().isdigit()):
                raise ValueError('must be shard numbers: a range like "0-3" or a list like "0,1,2"')
            ids.extend(range(int(low), int(high) + 1) if dash else [int(low)])
        return ids or None

    @model_validator(mode="after")
    def _shards_fit(self) -> "Settings":
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT (the number of shards across every process)")
            if not self.shard_ids or any(i >= self.shard_count for i in self.shard_ids):
                raise ValueError(f"SHARD_IDS must lie in 0-{self.shard_count - 1} (SHARD_COUNT is {self.shard_count})")
        return self

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
