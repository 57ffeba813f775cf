"""scoring: one row per scored answer

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import UtcDateTime
from intervox_platform.messaging.outbox import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "scoring"


def upgrade() -> None:
    op.create_table(
        "scores",
        sa.Column("answer_id", sa.Uuid(), primary_key=True),
        sa.Column("interview_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("overall", sa.Float(), nullable=False),
        sa.Column("correctness", sa.Float(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("clarity", sa.Float(), nullable=False),
        sa.Column("scorer", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("scored_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    create_messaging_tables(SCHEMA)


def downgrade() -> None:
    for table in ("outbox", "inbox", "scores"):
        op.drop_table(table, schema=SCHEMA)
