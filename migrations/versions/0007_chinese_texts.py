"""entry texts in Chinese: a summary and a body for people who ask in Chinese

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:50:00

Comparison sides keep their Chinese text inside the existing JSON column, so only two columns are new.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_zh", sa.String(length=600), nullable=True))
        batch_op.add_column(sa.Column("body_zh", sa.String(length=8000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("body_zh")
        batch_op.drop_column("summary_zh")
