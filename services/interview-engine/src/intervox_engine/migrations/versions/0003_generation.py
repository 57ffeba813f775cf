"""engine: LLM-generated plans and their cache

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

SCHEMA = "engine"


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.add_column(sa.Column("generated", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("plan_source", sa.String(), nullable=False,
                                   server_default="bank"))
    op.create_table(
        "plan_cache",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("plan_cache", schema=SCHEMA)
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.drop_column("plan_source")
        batch.drop_column("generated")
