"""TTS persistence (schema ``tts``): the audio cache, one row per spoken text and voice;
the voice and speed each interview's candidate chose."""

from __future__ import annotations

import uuid
from datetime import datetime

from intervox_contracts import utc_now
from intervox_platform.db import utc_datetime_field
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

SCHEMA = "tts"


class CachedAudio(SQLModel, table=True):
    __tablename__ = "audio_cache"
    __table_args__ = {"schema": SCHEMA}

    cache_key: str = Field(primary_key=True, max_length=64)
    media_key: str
    mime_type: str
    duration_ms: int
    engine: str
    voice: str
    speed: float
    text: str
    created_at: datetime = utc_datetime_field()


async def cached(session: AsyncSession, cache_key: str) -> CachedAudio | None:
    return await session.get(CachedAudio, cache_key)


async def remember(session: AsyncSession, row: CachedAudio) -> None:
    # merge: a replica that raced this one to the same text wrote the same audio.
    await session.merge(row)


class InterviewVoice(SQLModel, table=True):
    __tablename__ = "interview_voices"
    __table_args__ = {"schema": SCHEMA}

    interview_id: uuid.UUID = Field(primary_key=True)
    voice: str | None = Field(default=None, max_length=64)
    speed: float | None = None
    created_at: datetime = utc_datetime_field()


async def remember_interview_voice(
    session: AsyncSession, interview_id: uuid.UUID, voice: str | None, speed: float | None
) -> None:
    await session.merge(
        InterviewVoice(interview_id=interview_id, voice=voice, speed=speed, created_at=utc_now())
    )


async def interview_voice(session: AsyncSession, interview_id: uuid.UUID) -> InterviewVoice | None:
    return await session.get(InterviewVoice, interview_id)
