"""entry outcome: what a ruling or decision did, for the /timeline picture

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 08:00:00

One nullable column; entries without an outcome (documents, topics, ones not yet marked) keep NULL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("outcome")
