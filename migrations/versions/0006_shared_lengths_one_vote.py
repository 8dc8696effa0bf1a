"""columns take their lengths from the shared schema (bot.core.lengths); one vote per member per entry

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 06:20:00

The lengths are written out here, as they were when this revision was made: a later change to the schema
needs a revision of its own. Duplicate votes (one member, one entry, several answer messages) are folded
into the newest before the new unique constraint is added.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> [(column, old type, new length, nullable)]
COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine, int, bool]]] = {
    "entries": [
        ("court", sa.Text(), 300, True),
        ("court_zh", sa.Text(), 300, True),
        ("docket", sa.Text(), 300, True),
        ("status_detail", sa.Text(), 240, True),
        ("summary", sa.Text(), 600, False),
        ("body", sa.Text(), 8000, False),
    ],
    "aliases": [("text", sa.String(length=300), 200, False)],
    "questions": [("text", sa.Text(), 300, False)],
    "citations": [
        ("title", sa.Text(), 300, False),
        ("court", sa.Text(), 300, False),
        ("docket", sa.Text(), 300, True),
        ("reporter", sa.Text(), 300, True),
        ("url", sa.Text(), 2000, False),
    ],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, old, length, nullable in columns:
                batch_op.alter_column(
                    name, existing_type=old, type_=sa.String(length=length), existing_nullable=nullable
                )
    op.execute("DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY entry_id, user_id)")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_constraint("uq_feedback_message_id_user_id", type_="unique")
        batch_op.create_unique_constraint("uq_feedback_entry_id_user_id", ["entry_id", "user_id"])


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_constraint("uq_feedback_entry_id_user_id", type_="unique")
        batch_op.create_unique_constraint("uq_feedback_message_id_user_id", ["message_id", "user_id"])
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, old, length, nullable in columns:
                batch_op.alter_column(
                    name, existing_type=sa.String(length=length), type_=old, existing_nullable=nullable
                )
