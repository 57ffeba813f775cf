"""Interview-engine persistence (schema ``engine``): sessions and the questions asked."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from intervox_platform.db import utc_datetime_field
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

SCHEMA = "engine"


class InterviewSession(SQLModel, table=True):
    __tablename__ = "interviews"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(index=True)
    role: str
    seniority: str
    interview_type: str
    topics: list[str] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    topic_plan: list[str] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    question_count: int
    status: str
    difficulty: str
    main_index: int = 0
    current_question_id: str | None = None
    end_reason: str | None = None
    created_at: datetime = utc_datetime_field()
    updated_at: datetime = utc_datetime_field()
    ended_at: datetime | None = utc_datetime_field(nullable=True, default=None)


class AskedQuestionRow(SQLModel, table=True):
    __tablename__ = "questions"
    __table_args__ = {"schema": SCHEMA}

    interview_id: uuid.UUID = Field(primary_key=True)
    question_id: str = Field(primary_key=True, max_length=32)
    bank_id: str | None = None
    position: int
    text: str
    topic: str
    difficulty: str
    kind: str
    model_answer: str
    key_points: list[dict[str, Any]] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    source: str = "bank"
    is_follow_up: bool = False
    parent_question_id: str | None = None
    state: str = "asked"  # asked → answered → scored, or skipped
    answer_id: uuid.UUID | None = None
    answer_text: str | None = None
    answer_mode: str | None = None
    score: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    asked_at: datetime = utc_datetime_field()
    scored_at: datetime | None = utc_datetime_field(nullable=True, default=None)


async def lock_interview(session: AsyncSession, interview_id: uuid.UUID) -> InterviewSession | None:
    """Load a session for update: handlers of one interview run one at a time."""
    query = select(InterviewSession).where(InterviewSession.id == interview_id).with_for_update()
    return (await session.exec(query)).first()


async def questions_of(session: AsyncSession, interview_id: uuid.UUID) -> list[AskedQuestionRow]:
    query = (
        select(AskedQuestionRow)
        .where(AskedQuestionRow.interview_id == interview_id)
        .order_by(col(AskedQuestionRow.asked_at), col(AskedQuestionRow.position))
    )
    return list((await session.exec(query)).all())


async def question(
    session: AsyncSession, interview_id: uuid.UUID, question_id: str
) -> AskedQuestionRow | None:
    return await session.get(AskedQuestionRow, (interview_id, question_id))
