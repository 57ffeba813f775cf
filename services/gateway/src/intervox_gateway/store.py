"""Gateway persistence (schema ``gateway``): the interviews it accepted (a projection of
their progress), the numbered log of client-facing events, and final reports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from intervox_platform.db import utc_datetime_field
from sqlmodel import Field, SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

SCHEMA = "gateway"


class Interview(SQLModel, table=True):
    __tablename__ = "interviews"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(index=True)
    role: str
    seniority: str
    interview_type: str
    topics: list[str] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    question_count: int
    status: str
    current_question: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    awaiting_score: bool = False
    answered_count: int = 0
    skipped_count: int = 0
    overall_score: float | None = None
    daily_challenge: bool = False
    resume_id: uuid.UUID | None = None
    last_seq: int = 0
    created_at: datetime = utc_datetime_field(index=True)
    updated_at: datetime = utc_datetime_field()
    ended_at: datetime | None = utc_datetime_field(nullable=True, default=None)

    @property
    def current_question_id(self) -> str | None:
        return self.current_question["question_id"] if self.current_question else None


class EventLogEntry(SQLModel, table=True):
    __tablename__ = "event_log"
    __table_args__ = {"schema": SCHEMA}

    interview_id: uuid.UUID = Field(primary_key=True)
    seq: int = Field(primary_key=True)
    event_id: uuid.UUID = Field(sa_column_kwargs={"unique": True})
    type: str
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = utc_datetime_field()


class Report(SQLModel, table=True):
    __tablename__ = "reports"
    __table_args__ = {"schema": SCHEMA}

    interview_id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(index=True)
    body: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = utc_datetime_field()


async def owned_interview(
    session: AsyncSession, interview_id: uuid.UUID, user_id: uuid.UUID, *, lock: bool = False
) -> Interview | None:
    """The interview if ``user_id`` owns it; None both when missing and when not theirs, so
    a stranger learns nothing about which ids exist."""
    query = select(Interview).where(Interview.id == interview_id, Interview.user_id == user_id)
    if lock:
        query = query.with_for_update()
    return (await session.exec(query)).first()


async def lock_interview(session: AsyncSession, interview_id: uuid.UUID) -> Interview | None:
    query = select(Interview).where(Interview.id == interview_id).with_for_update()
    return (await session.exec(query)).first()


async def interviews_of(
    session: AsyncSession,
    user_id: uuid.UUID,
    limit: int,
    offset: int,
    role: str | None = None,
    topic: str | None = None,
    status: str | None = None,
) -> tuple[list[Interview], int]:
    conditions: list[sa.ColumnElement[bool]] = [col(Interview.user_id) == user_id]
    if role:
        conditions.append(func.lower(Interview.role).contains(role.lower()))
    if status:
        conditions.append(col(Interview.status) == status)
    if topic:
        # Topics are a JSON list; a containment test that works on SQLite and PostgreSQL.
        conditions.append(sa.cast(Interview.topics, sa.String).contains(f'"{topic}"'))
    base = select(Interview).where(*conditions)
    total = (
        await session.exec(select(func.count()).select_from(Interview).where(*conditions))
    ).one()
    rows = await session.exec(
        base.order_by(col(Interview.created_at).desc()).offset(offset).limit(limit)
    )
    return list(rows.all()), int(total)


async def events_after(
    session: AsyncSession,
    interview_id: uuid.UUID,
    after_seq: int,
    limit: int = 1000,
    up_to: int | None = None,
) -> list[EventLogEntry]:
    query = select(EventLogEntry).where(
        EventLogEntry.interview_id == interview_id, col(EventLogEntry.seq) > after_seq
    )
    if up_to is not None:
        query = query.where(col(EventLogEntry.seq) <= up_to)
    rows = await session.exec(query.order_by(col(EventLogEntry.seq)).limit(limit))
    return list(rows.all())


class AnswerAudio(SQLModel, table=True):
    """A spoken answer being received: which segments arrived, how many bytes, done or not."""

    __tablename__ = "answer_audio"
    __table_args__ = {"schema": SCHEMA}

    answer_id: uuid.UUID = Field(primary_key=True)
    interview_id: uuid.UUID = Field(index=True)
    user_id: uuid.UUID = Field(index=True)
    question_id: str
    segments: list[int] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    keys: list[str] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    total_bytes: int = 0
    recorded_s: float = 0.0
    completed: bool = False
    created_at: datetime = utc_datetime_field()


class Resume(SQLModel, table=True):
    """An uploaded resume: the file lives in the media store; only its key and text here."""

    __tablename__ = "resumes"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(primary_key=True)
    user_id: uuid.UUID = Field(index=True)
    filename: str = Field(max_length=255)
    media_key: str
    text: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = utc_datetime_field()


class Preferences(SQLModel, table=True):
    __tablename__ = "preferences"
    __table_args__ = {"schema": SCHEMA}

    user_id: uuid.UUID = Field(primary_key=True)
    voice: str | None = None
    speech_rate: float = 1.0
    end_of_turn_silence_s: float = 2.5
    updated_at: datetime = utc_datetime_field()


async def reports_of(
    session: AsyncSession, user_id: uuid.UUID, limit: int = 200
) -> list[tuple[Interview, Report]]:
    """Finished interviews with their reports, oldest first (dashboard input)."""
    rows = await session.exec(
        select(Interview, Report)
        .where(Interview.user_id == user_id, col(Report.interview_id) == col(Interview.id))
        .order_by(col(Interview.created_at).desc())
        .limit(limit)
    )
    return list(reversed(rows.all()))


async def answer_audio_for(session: AsyncSession, answer_ids: list[uuid.UUID]) -> list[AnswerAudio]:
    rows = await session.exec(select(AnswerAudio).where(col(AnswerAudio.answer_id).in_(answer_ids)))
    return list(rows.all())
