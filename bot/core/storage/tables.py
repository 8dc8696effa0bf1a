"""SQLAlchemy models; migrations/ must match them (a test runs autogenerate and expects no diff).

Every column that holds an entry's text takes its length from bot.core.lengths, the schema the files, forms and
import check against: what the schema accepts, both databases store.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.core import lengths

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class EntryRow(Base):
    """The current state of an entry; its history lives in revisions."""

    __tablename__ = "entries"

    id: Mapped[str] = mapped_column(String(lengths.ID), primary_key=True)
    kind: Mapped[str] = mapped_column(String(lengths.KIND))
    title: Mapped[str] = mapped_column(String(lengths.TITLE))
    title_zh: Mapped[str | None] = mapped_column(String(lengths.TITLE))
    jurisdictions: Mapped[list[Any]] = mapped_column(JSON)
    court: Mapped[str | None] = mapped_column(String(lengths.COURT))
    court_zh: Mapped[str | None] = mapped_column(String(lengths.COURT))
    date: Mapped[str | None] = mapped_column(String(lengths.DATE))
    docket: Mapped[str | None] = mapped_column(String(lengths.DOCKET))
    status: Mapped[str] = mapped_column(String(lengths.STATUS))
    status_detail: Mapped[str | None] = mapped_column(String(lengths.STATUS_DETAIL))
    outcome: Mapped[str | None] = mapped_column(String(lengths.OUTCOME))
    as_of: Mapped[str] = mapped_column(String(lengths.DATE))
    summary: Mapped[str] = mapped_column(String(lengths.SUMMARY))
    summary_zh: Mapped[str | None] = mapped_column(String(lengths.SUMMARY))
    body: Mapped[str] = mapped_column(String(lengths.BODY))
    body_zh: Mapped[str | None] = mapped_column(String(lengths.BODY))
    covers: Mapped[list[Any]] = mapped_column(JSON)
    related: Mapped[list[Any]] = mapped_column(JSON)
    sides: Mapped[list[Any]] = mapped_column(JSON)
    fact_notes: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The hash of the knowledge file at the last sync, and the revision that sync produced:
    # an entry whose revision has moved past synced_revision was edited in the database since.
    file_hash: Mapped[str | None] = mapped_column(String(64))
    synced_revision: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    aliases: Mapped[list["AliasRow"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="AliasRow.position"
    )
    questions: Mapped[list["QuestionRow"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="QuestionRow.position"
    )
    citations: Mapped[list["CitationRow"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="CitationRow.position"
    )


class AliasRow(Base):
    __tablename__ = "aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(lengths.ALIAS))
    # Folded text (bot.core.entry.alias_key); unique, because one alias must name one entry.
    key: Mapped[str] = mapped_column(String(lengths.ALIAS_KEY), unique=True)

    entry: Mapped[EntryRow] = relationship(back_populates="aliases")


class QuestionRow(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(lengths.QUESTION))

    entry: Mapped[EntryRow] = relationship(back_populates="questions")


class CitationRow(Base):
    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str | None] = mapped_column(String(lengths.ID))
    title: Mapped[str] = mapped_column(String(lengths.TITLE))
    court: Mapped[str] = mapped_column(String(lengths.COURT))
    date: Mapped[str] = mapped_column(String(lengths.DATE))
    date_label: Mapped[str | None] = mapped_column(String(lengths.DATE_LABEL))
    docket: Mapped[str | None] = mapped_column(String(lengths.DOCKET))
    reporter: Mapped[str | None] = mapped_column(String(lengths.REPORTER))
    url: Mapped[str] = mapped_column(String(lengths.URL))

    entry: Mapped[EntryRow] = relationship(back_populates="citations")


class RevisionRow(Base):
    """A full snapshot of an entry after each change: who, when, why."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("entry_id", "number", name="uq_revisions_entry_id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(lengths.AUTHOR))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MetaRow(Base):
    """Small facts about the store, such as the fingerprint of the last synced knowledge files."""

    __tablename__ = "kb_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AnswerChannelRow(Base):
    """Channels where the bot answers questions without being mentioned (set per server)."""

    __tablename__ = "answer_channels"
    __table_args__ = (UniqueConstraint("guild_id", "channel_id", name="uq_answer_channels_guild_id_channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)


class FeedbackRow(Base):
    """A helpful / not helpful vote: one per member per entry, whichever answer it came from (a new vote
    replaces the old), so /kb feedback counts members, not clicks."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("entry_id", "user_id", name="uq_feedback_entry_id_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    entry_id: Mapped[str] = mapped_column(String(lengths.ID), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GapRow(Base):
    """A question the bot declined or barely matched: the text, the server and the time, not the asker."""

    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    guild_id: Mapped[int | None] = mapped_column(BigInteger)
    confidence: Mapped[float] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class GuildSettingRow(Base):
    """Per-server choices beyond answer channels (for now: where knowledge changes are announced)."""

    __tablename__ = "guild_settings"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    audit_channel_id: Mapped[int | None] = mapped_column(BigInteger)


class ChangeRow(Base):
    """One committed change, written in the change's own transaction: its id is the store's version, so a
    process that has applied every change up to N serves what the database held at N (see changes.py)."""

    __tablename__ = "kb_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(lengths.ID))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CooldownRow(Base):
    """When a member may next have an answer, shared by every bot process (wall-clock seconds)."""

    __tablename__ = "cooldowns"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ready_at: Mapped[float] = mapped_column(Float, index=True)
