"""gateway: spoken answers being received

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

SCHEMA = "gateway"


def upgrade() -> None:
    op.create_table(
        "answer_audio",
        sa.Column("answer_id", sa.Uuid(), primary_key=True),
        sa.Column("interview_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("segments", sa.JSON(), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.Column("total_bytes", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("answer_audio", schema=SCHEMA)
