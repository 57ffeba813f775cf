"""TTS handlers: questions in, ``question_audio_ready`` out.

Every question the engine asks (the first one, the next ones, follow-ups) is spoken,
stored in the media store under ``questions/…`` and announced with its URL and duration;
the question text travels with it as captions. Audio is cached by hash(text, engine,
voice, speed): a question asked again costs one lookup. The questions that may come
next (``questions.upcoming``) are spoken into that cache while the candidate answers.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from intervox_audio import encode, extension_of, mime_type_of
from intervox_contracts import Event, utc_now
from intervox_contracts.events import (
    FollowUpAsked,
    InterviewRequested,
    NextQuestionAsked,
    QuestionAudioReady,
    QuestionAudioReadyPayload,
    QuestionsReady,
    QuestionsUpcoming,
    QuestionView,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler
from intervox_platform.storage import MediaStore
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_tts import store
from intervox_tts.domain.speech import cache_key, media_key, speaking_order, spoken_text
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
        # Audio being made, by cache key: a second request for the same words joins the
        # first instead of making them again beside it (the question just asked and the
        # speaking ahead that follows it arrive together; on 2 cores two syntheses at
        # once each take twice as long).
        self._in_flight: dict[str, asyncio.Task[_Made]] = {}

    def _key(self, text: str, engine: str, voice: str, speed: float) -> str:
        return cache_key(text, engine, voice, speed, self.audio_format)

    async def audio_for(
        self,
        session: AsyncSession,
        text: str,
        voice: str | None = None,
        speed: float | None = None,
    ) -> QuestionAudio:
        """``text`` spoken in the candidate's voice and speed (None: the configured)."""
        preferred = self.synthesizer.voice_for(voice)
        rate = self.synthesizer.speed if speed is None else speed
        key = self._key(text, preferred.engine.name, preferred.voice, rate)
        row = await store.cached(session, key)
        if row is not None and await self.media.exists(row.media_key):
            return QuestionAudio(
                row.media_key, row.mime_type, row.duration_ms, row.engine, row.voice, cached=True
            )
        making = self._in_flight.get(key)
        if making is not None:
            # Its maker records it in the cache; this request only needs the audio.
            return (await asyncio.shield(making)).audio
        making = asyncio.ensure_future(self._make(text, preferred.voice, rate))
        self._in_flight[key] = making
        making.add_done_callback(lambda _: self._in_flight.pop(key, None))
        made = await asyncio.shield(making)
        await store.remember(session, made.row)
        return made.audio

    async def _make(self, text: str, voice: str, speed: float) -> _Made:
        """Synthesize and store: the audio, and the cache row that points at it."""
        spoken, data = await asyncio.to_thread(self._render, text, voice, speed)
        key = self._key(text, spoken.engine, spoken.voice, spoken.speed)
        # After a fallback the key names the voice actually used: the preferred engine is
        # tried again next time instead of serving the fallback's audio for ever.
        stored = media_key(key, extension_of(self.audio_format))
        await self.media.put(stored, data)
        mime_type = mime_type_of(self.audio_format)
        duration_ms = round(spoken.pcm.duration_s * 1000)
        return _Made(
            QuestionAudio(stored, mime_type, duration_ms, spoken.engine, spoken.voice, False),
            store.CachedAudio(
                cache_key=key,
                media_key=stored,
                mime_type=mime_type,
                duration_ms=duration_ms,
                engine=spoken.engine,
                voice=spoken.voice,
                speed=spoken.speed,
                text=text,
                created_at=utc_now(),
            ),
        )

    def _render(self, text: str, voice: str, speed: float) -> tuple[Spoken, bytes]:
        spoken = self.synthesizer.speak(spoken_text(text), voice, speed)
        return spoken, encode(spoken.pcm, self.audio_format)


@dataclass(frozen=True)
class _Made:
    audio: QuestionAudio
    row: store.CachedAudio


@dataclass
class TtsDeps:
    uow: UnitOfWork
    voice: QuestionVoice


async def _interview_voice(event: Event, deps: TtsDeps) -> tuple[str | None, float | None]:
    """The voice and speed this interview's candidate chose (None: the configured ones)."""
    chosen = await store.interview_voice(deps.uow.session, event.interview_id)
    return (chosen.voice, chosen.speed) if chosen else (None, None)


async def on_interview_requested(event: InterviewRequested, deps: TtsDeps) -> list[Event]:
    """Remember the candidate's voice and speed for this interview's questions."""
    p = event.payload
    if p.voice is not None or p.speech_rate is not None:
        await store.remember_interview_voice(
            deps.uow.session, event.interview_id, p.voice, p.speech_rate
        )
    return []


async def on_questions_upcoming(event: QuestionsUpcoming, deps: TtsDeps) -> list[Event]:
    """Speak the questions and follow-ups that may come next into the cache while the
    candidate answers: when one of them is asked, its audio is a lookup away. Nothing is
    announced."""
    p = event.payload
    voice, speed = await _interview_voice(event, deps)
    # The question just asked comes first: if its audio is still being made this waits
    # for it (never competing with it for the CPU), else it is a cache lookup.
    for text in [p.asked_text, *speaking_order(p.texts, p.follow_ups)]:
        try:
            await deps.voice.audio_for(deps.uow.session, text, voice, speed)
        except SynthesisError:
            log.warning("upcoming question not spoken ahead", exc_info=True)
    return []


async def _speak(event: Event, question: QuestionView, deps: TtsDeps) -> list[Event]:
    try:
        voice, speed = await _interview_voice(event, deps)
        audio = await deps.voice.audio_for(deps.uow.session, question.text, voice, speed)
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
    InterviewRequested.TYPE: on_interview_requested,
    QuestionsUpcoming.TYPE: on_questions_upcoming,
    QuestionsReady.TYPE: on_questions_ready,
    NextQuestionAsked.TYPE: on_next_question,
    FollowUpAsked.TYPE: on_follow_up,
}
