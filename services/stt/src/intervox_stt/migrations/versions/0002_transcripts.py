"""stt: questions asked, spoken answers, segment transcripts

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "stt"


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("interview_id", sa.Uuid(), primary_key=True),
        sa.Column("question_id", sa.String(), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("asked_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "answers",
        sa.Column("answer_id", sa.Uuid(), primary_key=True),
        sa.Column("interview_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("segment_count", sa.Integer(), nullable=True),
        sa.Column("completed_at", UtcDateTime(), nullable=True),
        sa.Column("finalized_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "segments",
        sa.Column("answer_id", sa.Uuid(), primary_key=True),
        sa.Column("segment_index", sa.Integer(), primary_key=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("engine", sa.String(), nullable=False),
        sa.Column("fallback_from", sa.String(), nullable=True),
        sa.Column("no_speech", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("transcribed_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in ("segments", "answers", "questions"):
        op.drop_table(table, schema=SCHEMA)
