"""tts: the voice and speed each interview's candidate chose

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "tts"


def upgrade() -> None:
    op.create_table(
        "interview_voices",
        sa.Column("interview_id", sa.Uuid(), primary_key=True),
        sa.Column("voice", sa.String(64), nullable=True),
        sa.Column("speed", sa.Float(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("interview_voices", schema=SCHEMA)
