"""tts: inbox and outbox

Revision ID: 0001
Revises:
"""

from intervox_platform.messaging.outbox import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "tts"


def upgrade() -> None:
    create_messaging_tables(SCHEMA)


def downgrade() -> None:
    from alembic import op

    for table in ("outbox", "inbox"):
        op.drop_table(table, schema=SCHEMA)
