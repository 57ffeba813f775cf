"""engine: interview sessions and asked questions

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

SCHEMA = "engine"


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("seniority", sa.String(), nullable=False),
        sa.Column("interview_type", sa.String(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("topic_plan", sa.JSON(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("difficulty", sa.String(), nullable=False),
        sa.Column("main_index", sa.Integer(), nullable=False),
        sa.Column("current_question_id", sa.String(), nullable=True),
        sa.Column("end_reason", sa.String(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
        schema=SCHEMA,
    )
    op.create_table(
        "questions",
        sa.Column("interview_id", sa.Uuid(), primary_key=True),
        sa.Column("question_id", sa.String(32), primary_key=True),
        sa.Column("bank_id", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("difficulty", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("model_answer", sa.Text(), nullable=False),
        sa.Column("key_points", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("is_follow_up", sa.Boolean(), nullable=False),
        sa.Column("parent_question_id", sa.String(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("answer_id", sa.Uuid(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answer_mode", sa.String(), nullable=True),
        sa.Column("score", sa.JSON(), nullable=True),
        sa.Column("asked_at", UtcDateTime(), nullable=False),
        sa.Column("scored_at", UtcDateTime(), nullable=True),
        schema=SCHEMA,
    )
    create_messaging_tables(SCHEMA)


def downgrade() -> None:
    for table in ("outbox", "inbox", "questions", "interviews"):
        op.drop_table(table, schema=SCHEMA)
