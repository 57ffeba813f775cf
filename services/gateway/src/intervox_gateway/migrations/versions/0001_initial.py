"""gateway: interview projection, sequenced event log, reports

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

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("seniority", sa.String(), nullable=False),
        sa.Column("interview_type", sa.String(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("current_question", sa.JSON(), nullable=True),
        sa.Column("awaiting_score", sa.Boolean(), nullable=False),
        sa.Column("answered_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False, index=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
        schema=SCHEMA,
    )
    op.create_table(
        "event_log",
        sa.Column("interview_id", sa.Uuid(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "reports",
        sa.Column("interview_id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    create_messaging_tables(SCHEMA)


def downgrade() -> None:
    for table in ("outbox", "inbox", "reports", "event_log", "interviews"):
        op.drop_table(table, schema=SCHEMA)
