"""engine: lifecycle timestamps, JD/resume, ratings, follow-up and delivery details

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from intervox_platform.db import UtcDateTime, migration_schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SCHEMA = "engine"


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.add_column(sa.Column("job_description", sa.Text(), nullable=True))
        batch.add_column(sa.Column("resume_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("follow_ups_per_question", sa.Integer(), nullable=False,
                                   server_default="1"))
        batch.add_column(sa.Column("overall_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("last_activity_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("paused_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("resume_before", UtcDateTime(), nullable=True))
    table = sa.table("interviews", sa.column("last_activity_at"), sa.column("updated_at"),
                     schema=migration_schema(SCHEMA))
    op.execute(table.update().values(last_activity_at=table.c.updated_at))
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.alter_column("last_activity_at", nullable=False)
        batch.create_index("ix_engine_interviews_last_activity", ["last_activity_at"])
    with op.batch_alter_table("questions", schema=migration_schema(SCHEMA)) as batch:
        batch.add_column(sa.Column("delivery", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("resources", sa.JSON(), nullable=False,
                                   server_default="[]"))
        batch.add_column(sa.Column("follow_up_key_point", sa.String(), nullable=True))
    op.create_table(
        "topic_ratings",
        sa.Column("user_id", sa.Uuid(), primary_key=True),
        sa.Column("topic", sa.String(60), primary_key=True),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("topic_ratings", schema=SCHEMA)
    with op.batch_alter_table("questions", schema=migration_schema(SCHEMA)) as batch:
        for column in ("delivery", "resources", "follow_up_key_point"):
            batch.drop_column(column)
    with op.batch_alter_table("interviews", schema=migration_schema(SCHEMA)) as batch:
        batch.drop_index("ix_engine_interviews_last_activity")
        for column in ("job_description", "resume_text", "follow_ups_per_question",
                       "overall_score", "last_activity_at", "paused_at", "resume_before"):
            batch.drop_column(column)
