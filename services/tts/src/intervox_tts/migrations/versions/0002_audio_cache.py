"""tts: audio cache

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

SCHEMA = "tts"


def upgrade() -> None:
    op.create_table(
        "audio_cache",
        sa.Column("cache_key", sa.String(64), primary_key=True),
        sa.Column("media_key", sa.String(), nullable=False),
        sa.Column("mime_type", sa.String(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(), nullable=False),
        sa.Column("voice", sa.String(), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("audio_cache", schema=SCHEMA)
