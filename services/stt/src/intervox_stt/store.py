"""STT persistence (schema ``stt``): the questions being asked (for jargon prompts), the
spoken answers being transcribed, and each segment's transcript.

Segments of one answer may be transcribed by different replicas, in any order, and the
end of the answer may arrive before its last segment is transcribed. Whoever records the
last missing piece — a segment, or the completion — emits ``transcript.final``: each
handler locks the answer's row first, so exactly one of them sees the answer whole.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from intervox_contracts import utc_now
from intervox_platform.db import utc_datetime_field
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

SCHEMA = "stt"


class QuestionContext(SQLModel, table=True):
    __tablename__ = "questions"
    __table_args__ = {"schema": SCHEMA}

    interview_id: uuid.UUID = Field(primary_key=True)
    question_id: str = Field(primary_key=True)
    text: str
    topic: str
    asked_at: datetime = utc_datetime_field()


class SpokenAnswer(SQLModel, table=True):
    __tablename__ = "answers"
    __table_args__ = {"schema": SCHEMA}

    answer_id: uuid.UUID = Field(primary_key=True)
    interview_id: uuid.UUID = Field(index=True)
    user_id: uuid.UUID
    question_id: str
    segment_count: int | None = None
    completed_at: datetime | None = utc_datetime_field(nullable=True, default=None)
    finalized_at: datetime | None = utc_datetime_field(nullable=True, default=None)
    created_at: datetime = utc_datetime_field()


class SegmentTranscriptRow(SQLModel, table=True):
    __tablename__ = "segments"
    __table_args__ = {"schema": SCHEMA}

    answer_id: uuid.UUID = Field(primary_key=True)
    segment_index: int = Field(primary_key=True)
    text: str
    words: list[dict[str, Any]] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    duration_s: float
    engine: str
    fallback_from: str | None = None
    no_speech: bool
    error: str | None = None
    transcribed_at: datetime = utc_datetime_field()


async def question_context(
    session: AsyncSession, interview_id: uuid.UUID, question_id: str
) -> QuestionContext | None:
    return await session.get(QuestionContext, (interview_id, question_id))


async def remember_question(
    session: AsyncSession, interview_id: uuid.UUID, question_id: str, text: str, topic: str
) -> None:
    row = await session.get(QuestionContext, (interview_id, question_id))
    if row is None:
        session.add(
            QuestionContext(
                interview_id=interview_id,
                question_id=question_id,
                text=text,
                topic=topic,
                asked_at=utc_now(),
            )
        )


async def segment(
    session: AsyncSession, answer_id: uuid.UUID, index: int
) -> SegmentTranscriptRow | None:
    return await session.get(SegmentTranscriptRow, (answer_id, index))


async def lock_answer(
    session: AsyncSession,
    answer_id: uuid.UUID,
    interview_id: uuid.UUID,
    user_id: uuid.UUID,
    question_id: str,
) -> SpokenAnswer:
    """Create the answer's row if needed and lock it until the transaction ends."""
    connection = await session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = SQLModel.metadata.tables[f"{SCHEMA}.answers"]
    await connection.execute(
        insert(table)
        .values(
            answer_id=answer_id,
            interview_id=interview_id,
            user_id=user_id,
            question_id=question_id,
            created_at=utc_now(),
        )
        .on_conflict_do_nothing(index_elements=["answer_id"])
    )
    query = (
        select(SpokenAnswer)
        .where(SpokenAnswer.answer_id == answer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.exec(query)).one()


async def segments_of(
    session: AsyncSession, answer_id: uuid.UUID, below: int
) -> list[SegmentTranscriptRow]:
    query = (
        select(SegmentTranscriptRow)
        .where(
            SegmentTranscriptRow.answer_id == answer_id,
            col(SegmentTranscriptRow.segment_index) < below,
        )
        .order_by(col(SegmentTranscriptRow.segment_index))
        .execution_options(populate_existing=True)
    )
    return list((await session.exec(query)).all())
