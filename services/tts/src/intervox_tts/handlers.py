"""TTS handlers: questions in, ``question_audio_ready`` out.

Every question the engine asks (the first one, the next ones, follow-ups) is spoken,
stored in the media store under ``questions/…`` and announced with its URL and duration;
the question text travels with it as captions. Audio is cached by hash(text, engine,
voice, speed): a question asked again costs one lookup.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from intervox_audio import encode, extension_of, mime_type_of
from intervox_contracts import Event, utc_now
from intervox_contracts.events import (
    FollowUpAsked,
    NextQuestionAsked,
    QuestionAudioReady,
    QuestionAudioReadyPayload,
    QuestionsReady,
    QuestionView,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler
from intervox_platform.storage import MediaStore
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_tts import store
from intervox_tts.domain.speech import cache_key, media_key, spoken_text
from intervox_tts.providers.base import SynthesisError
from intervox_tts.providers.synthesizer import Spoken, Synthesizer

log = logging.getLogger(__name__)

MEDIA_URL_PREFIX = "/api/v1/media/"


@dataclass(frozen=True)
class QuestionAudio:
    media_key: str
    mime_type: str
    duration_ms: int
    engine: str
    voice: str
    cached: bool

    @property
    def url(self) -> str:
        return MEDIA_URL_PREFIX + self.media_key


class QuestionVoice:
    """Text → stored audio, through the cache."""

    def __init__(self, synthesizer: Synthesizer, media: MediaStore, audio_format: str) -> None:
        self.synthesizer = synthesizer
        self.media = media
        self.audio_format = audio_format

    def _key(self, text: str, engine: str, voice: str) -> str:
        return cache_key(text, engine, voice, self.synthesizer.speed, self.audio_format)

    async def audio_for(self, session: AsyncSession, text: str) -> QuestionAudio:
        preferred = self.synthesizer.preferred
        key = self._key(text, preferred.engine.name, preferred.voice)
        row = await store.cached(session, key)
        if row is not None and await self.media.exists(row.media_key):
            return QuestionAudio(
                row.media_key, row.mime_type, row.duration_ms, row.engine, row.voice, cached=True
            )
        spoken, data = await asyncio.to_thread(self._render, text)
        if spoken.fallback_from is not None:
            # Cached under the voice actually used: the preferred engine is tried again
            # next time instead of serving the fallback's audio for ever.
            key = self._key(text, spoken.engine, spoken.voice)
        stored = media_key(key, extension_of(self.audio_format))
        await self.media.put(stored, data)
        duration_ms = round(spoken.pcm.duration_s * 1000)
        await store.remember(
            session,
            store.CachedAudio(
                cache_key=key,
                media_key=stored,
                mime_type=mime_type_of(self.audio_format),
                duration_ms=duration_ms,
                engine=spoken.engine,
                voice=spoken.voice,
                speed=self.synthesizer.speed,
                text=text,
                created_at=utc_now(),
            ),
        )
        return QuestionAudio(
            stored,
            mime_type_of(self.audio_format),
            duration_ms,
            spoken.engine,
            spoken.voice,
            cached=False,
        )

    def _render(self, text: str) -> tuple[Spoken, bytes]:
        spoken = self.synthesizer.speak(spoken_text(text))
        return spoken, encode(spoken.pcm, self.audio_format)


@dataclass
class TtsDeps:
    uow: UnitOfWork
    voice: QuestionVoice


async def _speak(event: Event, question: QuestionView, deps: TtsDeps) -> list[Event]:
    try:
        audio = await deps.voice.audio_for(deps.uow.session, question.text)
    except SynthesisError:
        # The question is on screen already; without a voice it is still answerable.
        log.exception("question not spoken", extra={"question_id": question.question_id})
        return []
    return [
        QuestionAudioReady.caused_by(
            event,
            QuestionAudioReadyPayload(
                question_id=question.question_id,
                text=question.text,
                audio_url=audio.url,
                mime_type=audio.mime_type,
                duration_ms=audio.duration_ms,
                engine=audio.engine,
                voice=audio.voice,
                cached=audio.cached,
            ),
        )
    ]


async def on_questions_ready(event: QuestionsReady, deps: TtsDeps) -> list[Event]:
    return await _speak(event, event.payload.first_question, deps)


async def on_next_question(event: NextQuestionAsked, deps: TtsDeps) -> list[Event]:
    return await _speak(event, event.payload.question, deps)


async def on_follow_up(event: FollowUpAsked, deps: TtsDeps) -> list[Event]:
    return await _speak(event, event.payload.question, deps)


HANDLERS: dict[str, Handler[TtsDeps]] = {
    QuestionsReady.TYPE: on_questions_ready,
    NextQuestionAsked.TYPE: on_next_question,
    FollowUpAsked.TYPE: on_follow_up,
}
