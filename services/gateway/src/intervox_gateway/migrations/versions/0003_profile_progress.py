"""gateway: resumes, preferences, daily challenges

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import UtcDateTime, migration_schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCHEMA = "gateway"


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.add_column(sa.Column("daily_challenge", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("resume_id", sa.Uuid(), nullable=True))
    op.create_table(
        "resumes",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_key", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )
    op.create_table(
        "preferences",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("voice", sa.String(), nullable=True),
        sa.Column("speech_rate", sa.Float(), nullable=False),
        sa.Column("end_of_turn_silence_s", sa.Float(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("preferences", schema=SCHEMA)
    op.drop_table("resumes", schema=SCHEMA)
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.drop_column("resume_id")
        batch.drop_column("daily_challenge")
