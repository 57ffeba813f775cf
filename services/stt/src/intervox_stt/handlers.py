"""STT handlers: questions (for prompts) and audio segments in; ``transcript.partial`` per
segment and ``transcript.final`` per answer out.

A segment is transcribed by whichever replica takes it, with the current question's
jargon and the previous segment's text (when already transcribed) as the prompt, and its
transcript is stored. The final transcript is assembled from the stored segments, so the
time from the end of speech to ``transcript.final`` is the time to transcribe the last
segment, not the whole answer.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from dataclasses import dataclass

from intervox_contracts import Event, utc_now
from intervox_contracts.events import (
    AnswerAudioCompleted,
    AnswerAudioSegmentReceived,
    FollowUpAsked,
    NextQuestionAsked,
    QuestionsReady,
    QuestionView,
    TranscriptFinal,
    TranscriptFinalPayload,
    TranscriptPartial,
    TranscriptPartialPayload,
    WordTiming,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler

from intervox_stt import store
from intervox_stt.domain.delivery import analyse
from intervox_stt.domain.prompt import build_prompt
from intervox_stt.domain.transcript import SegmentTranscript, Word, assemble
from intervox_stt.domain.transcript import no_speech as no_speech_transcript
from intervox_stt.providers.transcriber import Transcriber

log = logging.getLogger(__name__)


@dataclass
class SttDeps:
    uow: UnitOfWork
    transcriber: Transcriber


async def _remember(event: Event, question: QuestionView, deps: SttDeps) -> list[Event]:
    await store.remember_question(
        deps.uow.session, event.interview_id, question.question_id, question.text, question.topic
    )
    return []


async def on_questions_ready(event: QuestionsReady, deps: SttDeps) -> list[Event]:
    return await _remember(event, event.payload.first_question, deps)


async def on_next_question(event: NextQuestionAsked, deps: SttDeps) -> list[Event]:
    return await _remember(event, event.payload.question, deps)


async def on_follow_up(event: FollowUpAsked, deps: SttDeps) -> list[Event]:
    return await _remember(event, event.payload.question, deps)


def _row_to_transcript(row: store.SegmentTranscriptRow) -> SegmentTranscript:
    return SegmentTranscript(
        text=row.text,
        words=tuple(Word(**w) for w in row.words),
        duration_s=row.duration_s,
        engine=row.engine,
        no_speech=row.no_speech,
        fallback_from=row.fallback_from,
        error=row.error,
    )


async def _final_if_whole(event: Event, answer: store.SpokenAnswer, deps: SttDeps) -> list[Event]:
    """Called with the answer's row locked: emit the final transcript once, when the answer
    is completed and every segment below its count is transcribed."""
    if answer.finalized_at is not None or answer.segment_count is None:
        return []
    rows = await store.segments_of(deps.uow.session, answer.answer_id, answer.segment_count)
    if len(rows) < answer.segment_count:
        return []
    whole = assemble([_row_to_transcript(r) for r in rows])
    answer.finalized_at = utc_now()
    deps.uow.session.add(answer)
    payload = TranscriptFinalPayload(
        answer_id=answer.answer_id,
        question_id=answer.question_id,
        text=whole.text,
        no_speech=whole.no_speech,
        words=[
            WordTiming(
                word=w.text,
                start_s=w.start_s,
                end_s=max(w.end_s, w.start_s),
                confidence=w.confidence,
            )
            for w in whole.words
        ],
        confidence=whole.confidence,
        engine=whole.engine,
        fallback_from=whole.fallback_from,
        delivery=None if whole.no_speech else analyse(whole.words, whole.duration_s),
    )
    log.info(
        "transcript final",
        extra={
            "answer_id": str(answer.answer_id),
            "segments": answer.segment_count,
            "no_speech": whole.no_speech,
            "engine": whole.engine,
        },
    )
    return [TranscriptFinal.caused_by(event, payload)]


async def on_segment(event: AnswerAudioSegmentReceived, deps: SttDeps) -> list[Event]:
    p = event.payload
    session = deps.uow.session
    if await store.segment(session, p.answer_id, p.segment_index) is not None:
        return []  # this segment is already transcribed
    question = await store.question_context(session, event.interview_id, p.question_id)
    previous = (
        await store.segment(session, p.answer_id, p.segment_index - 1)
        if p.segment_index > 0
        else None
    )
    prompt = build_prompt(
        question.text if question else None,
        question.topic if question else None,
        previous.text if previous else None,
    )
    try:
        data = base64.b64decode(p.audio_b64, validate=True)
    except (binascii.Error, ValueError):
        transcript = no_speech_transcript(0.0, deps.transcriber.engine_name, error="BAD_BASE64")
    else:
        # Decoding and inference are CPU work: off the event loop, which keeps serving
        # the broker's heartbeats and the health checks meanwhile.
        started = time.perf_counter()
        transcript = await asyncio.to_thread(
            deps.transcriber.transcribe_bytes, data, p.mime_type, prompt
        )
        log.info(
            "segment transcribed",
            extra={
                "answer_id": str(p.answer_id),
                "segment_index": p.segment_index,
                "audio_s": transcript.duration_s,
                "transcribe_s": round(time.perf_counter() - started, 3),
                "engine": transcript.engine,
                "no_speech": transcript.no_speech,
            },
        )
    answer = await store.lock_answer(
        session, p.answer_id, event.interview_id, event.user_id, p.question_id
    )
    if await store.segment(session, p.answer_id, p.segment_index) is not None:
        return []  # another replica stored it while this one was transcribing
    session.add(
        store.SegmentTranscriptRow(
            answer_id=p.answer_id,
            segment_index=p.segment_index,
            text=transcript.text,
            words=[
                {"text": w.text, "start_s": w.start_s, "end_s": w.end_s, "confidence": w.confidence}
                for w in transcript.words
            ],
            duration_s=transcript.duration_s,
            engine=transcript.engine,
            fallback_from=transcript.fallback_from,
            no_speech=transcript.no_speech,
            error=transcript.error,
            transcribed_at=utc_now(),
        )
    )
    await session.flush()
    partial = TranscriptPartial.caused_by(
        event,
        TranscriptPartialPayload(
            answer_id=p.answer_id,
            question_id=p.question_id,
            segment_index=p.segment_index,
            text=transcript.text,
        ),
    )
    return [partial, *await _final_if_whole(event, answer, deps)]


async def on_completed(event: AnswerAudioCompleted, deps: SttDeps) -> list[Event]:
    p = event.payload
    answer = await store.lock_answer(
        deps.uow.session, p.answer_id, event.interview_id, event.user_id, p.question_id
    )
    if answer.segment_count is None:
        answer.segment_count = p.segment_count
        answer.completed_at = utc_now()
        deps.uow.session.add(answer)
        await deps.uow.session.flush()
    return await _final_if_whole(event, answer, deps)


HANDLERS: dict[str, Handler[SttDeps]] = {
    QuestionsReady.TYPE: on_questions_ready,
    NextQuestionAsked.TYPE: on_next_question,
    FollowUpAsked.TYPE: on_follow_up,
    AnswerAudioSegmentReceived.TYPE: on_segment,
    AnswerAudioCompleted.TYPE: on_completed,
}
