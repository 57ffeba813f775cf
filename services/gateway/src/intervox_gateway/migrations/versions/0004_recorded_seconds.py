"""gateway: seconds of audio received per spoken answer

Kept with the answer so the 5-minute limit is checked without reading the segments back
from the media store (a round trip per segment once the store is S3).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import migration_schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SCHEMA = "gateway"


def upgrade() -> None:
    with op.batch_alter_table("answer_audio", schema=migration_schema(SCHEMA)) as batch:
        batch.add_column(
            sa.Column("recorded_s", sa.Float(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("answer_audio", schema=migration_schema(SCHEMA)) as batch:
        batch.drop_column("recorded_s")
