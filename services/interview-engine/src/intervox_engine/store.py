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
    job_description: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    resume_text: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    follow_ups_per_question: int = 1
    overall_score: float | None = None
    generated: list[dict[str, Any]] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    plan_source: str = "bank"
    created_at: datetime = utc_datetime_field()
    updated_at: datetime = utc_datetime_field()
    last_activity_at: datetime = utc_datetime_field(index=True)
    paused_at: datetime | None = utc_datetime_field(nullable=True, default=None)
    resume_before: datetime | None = utc_datetime_field(nullable=True, default=None)
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
    delivery: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    resources: list[dict[str, str]] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    follow_up_key_point: str | None = None
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


class TopicRating(SQLModel, table=True):
    """A user's Elo-like rating on a topic, moved by every scored answer."""

    __tablename__ = "topic_ratings"
    __table_args__ = {"schema": SCHEMA}

    user_id: uuid.UUID = Field(primary_key=True)
    topic: str = Field(primary_key=True, max_length=60)
    rating: float
    answers: int = 0
    updated_at: datetime = utc_datetime_field()


async def ratings_of(session: AsyncSession, user_id: uuid.UUID) -> dict[str, TopicRating]:
    rows = await session.exec(select(TopicRating).where(TopicRating.user_id == user_id))
    return {r.topic: r for r in rows.all()}


async def recent_bank_ids(
    session: AsyncSession, user_id: uuid.UUID, exclude: uuid.UUID, sessions: int = 3
) -> set[str]:
    """Bank questions asked in the user's last ``sessions`` interviews (to avoid repeats)."""
    recent = await session.exec(
        select(InterviewSession.id)
        .where(InterviewSession.user_id == user_id, InterviewSession.id != exclude)
        .order_by(col(InterviewSession.created_at).desc())
        .limit(sessions)
    )
    ids = list(recent.all())
    if not ids:
        return set()
    rows = await session.exec(
        select(AskedQuestionRow.bank_id).where(col(AskedQuestionRow.interview_id).in_(ids))
    )
    return {b for b in rows.all() if b}


async def previous_overall_scores(
    session: AsyncSession, user_id: uuid.UUID, before: datetime, limit: int = 5
) -> list[float]:
    """Overall scores of the user's earlier completed interviews, most recent first."""
    rows = await session.exec(
        select(InterviewSession.overall_score)
        .where(
            InterviewSession.user_id == user_id,
            col(InterviewSession.created_at) < before,
            col(InterviewSession.overall_score).is_not(None),
        )
        .order_by(col(InterviewSession.created_at).desc())
        .limit(limit)
    )
    return [float(v) for v in rows.all() if v is not None]


async def expired_sessions(
    session: AsyncSession, inactive_before: datetime, now: datetime, limit: int = 50
) -> list[InterviewSession]:
    """In-progress interviews idle too long, and paused ones past their resume window."""
    query = (
        select(InterviewSession)
        .where(
            sa.or_(
                sa.and_(
                    col(InterviewSession.status) == "in_progress",
                    col(InterviewSession.last_activity_at) < inactive_before,
                ),
                sa.and_(
                    col(InterviewSession.status) == "paused",
                    col(InterviewSession.resume_before) < now,
                ),
            )
        )
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name != "sqlite":
        query = query.with_for_update(skip_locked=True)
    return list((await session.exec(query)).all())


class PlanCache(SQLModel, table=True):
    """Generated question plans by (role, seniority, type, topics, JD hash): a repeated
    request costs one look-up instead of an LLM call."""

    __tablename__ = "plan_cache"
    __table_args__ = {"schema": SCHEMA}

    key: str = Field(primary_key=True, max_length=64)
    source: str
    plan: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = utc_datetime_field()
