"""TTS persistence (schema ``tts``): the audio cache, one row per spoken text and voice."""

from __future__ import annotations

from datetime import datetime

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
