"""several processes over one database: a change feed (its newest id is the version) and shared cooldowns

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kb_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_changes")),
    )
    op.create_table(
        "cooldowns",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("ready_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_cooldowns")),
    )
    with op.batch_alter_table("cooldowns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cooldowns_ready_at"), ["ready_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cooldowns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooldowns_ready_at"))
    op.drop_table("cooldowns")
    op.drop_table("kb_changes")
