"""Spoken answers: accept utterance segments and the end of an answer, from the WebSocket
or the REST chunk endpoints, and publish them for the STT service.

Limits are enforced here, before anything is published: a refused segment is answered with
a clear error and changes nothing; segments already accepted stay accepted.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from dataclasses import dataclass

from intervox_audio import MAX_ANSWER_S, MAX_SEGMENT_S, AudioError, decode
from intervox_contracts import utc_now
from intervox_contracts.events import (
    AnswerAudioCompleted,
    AnswerAudioCompletedPayload,
    AnswerAudioSegmentReceived,
    AnswerAudioSegmentReceivedPayload,
)
from intervox_platform.logging import correlation_id
from intervox_platform.messaging import Messaging
from intervox_platform.storage import EXTENSIONS, MediaStore, base_mime
from intervox_platform.web import ApiError

from intervox_gateway import store
from intervox_gateway.policy import ensure_accepting

MAX_SEGMENT_BYTES = 1_000_000  # ≈ 30 s of browser opus is 100-250 kB; 16 kHz WAV is 960 kB
MAX_ANSWER_BYTES = 10_000_000
MAX_SEGMENTS = 120


@dataclass(frozen=True)
class Segment:
    interview_id: uuid.UUID
    user_id: uuid.UUID
    question_id: str
    answer_id: uuid.UUID
    index: int
    mime_type: str
    data: bytes


def _check_mime(mime_type: str) -> str:
    mime = base_mime(mime_type)
    if mime not in EXTENSIONS:
        raise ApiError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            f"Audio type {mime_type!r} is not supported; send webm/opus, ogg/opus, "
            "mp4/aac, wav or mp3.",
        )
    return mime


async def _check_audio(data: bytes, mime_type: str) -> float:
    """Decode the segment (in a worker thread: it is CPU work) to prove it is audio and
    measure it; returns its duration in seconds."""
    try:
        pcm = await asyncio.to_thread(decode, data, mime_type, max_seconds=MAX_SEGMENT_S)
    except AudioError as exc:
        if exc.status == 413:
            raise ApiError(
                413,
                "SEGMENT_TOO_LONG",
                f"An utterance segment is at most {MAX_SEGMENT_S:g} seconds; cut the answer "
                "at shorter pauses.",
            ) from exc
        raise ApiError(
            415,
            "UNDECODABLE_AUDIO",
            f"The audio could not be decoded as {base_mime(mime_type)}: {exc.message} Each "
            "segment must be a complete recording (webm/opus, ogg/opus, mp4/aac, wav or mp3).",
        ) from exc
    return pcm.duration_s


def decode_b64(audio_b64: str) -> bytes:
    try:
        return base64.b64decode(audio_b64, validate=True)
    except ValueError as exc:
        raise ApiError(400, "INVALID_AUDIO_ENCODING", "audio_b64 is not valid base64.") from exc


async def accept_segment(messaging: Messaging, media: MediaStore, segment: Segment) -> bool:
    """Store and publish one segment; False when it was already accepted (a retry)."""
    mime = _check_mime(segment.mime_type)
    if not segment.data:
        raise ApiError(400, "EMPTY_SEGMENT", "The audio segment is empty.")
    if len(segment.data) > MAX_SEGMENT_BYTES:
        raise ApiError(
            413,
            "SEGMENT_TOO_LARGE",
            f"An utterance segment is at most {MAX_SEGMENT_BYTES // 1_000_000} MB "
            "(about 30 seconds); cut the answer at shorter pauses.",
        )
    if not 0 <= segment.index < MAX_SEGMENTS:
        raise ApiError(413, "TOO_MANY_SEGMENTS", f"An answer has at most {MAX_SEGMENTS} segments.")
    seconds = await _check_audio(segment.data, mime)
    key = (
        f"recordings/{segment.user_id}/{segment.interview_id}/{segment.answer_id}/"
        f"{segment.index:04d}.{EXTENSIONS[mime]}"
    )
    async with messaging.unit_of_work() as uow:
        interview = await store.owned_interview(
            uow.session, segment.interview_id, segment.user_id, lock=True
        )
        if interview is None:
            raise ApiError(404, "INTERVIEW_NOT_FOUND", "Interview not found.")
        audio = await uow.session.get(store.AnswerAudio, segment.answer_id)
        if audio is not None and (
            audio.user_id != segment.user_id or audio.interview_id != segment.interview_id
        ):
            raise ApiError(409, "ANSWER_ID_IN_USE", "This answer id belongs to another answer.")
        if audio is not None and segment.index in audio.segments:
            return False
        if audio is not None and audio.completed:
            raise ApiError(409, "ANSWER_COMPLETED", "This spoken answer was already completed.")
        ensure_accepting(interview, segment.question_id)
        if audio is None:
            audio = store.AnswerAudio(
                answer_id=segment.answer_id,
                interview_id=segment.interview_id,
                user_id=segment.user_id,
                question_id=segment.question_id,
                segments=[],
                keys=[],
                created_at=utc_now(),
            )
        elif audio.question_id != segment.question_id:
            raise ApiError(409, "QUESTION_MISMATCH", "This answer is for another question.")
        if audio.total_bytes + len(segment.data) > MAX_ANSWER_BYTES:
            raise ApiError(
                413, "ANSWER_TOO_LARGE", "A spoken answer is at most 10 MB (about 5 minutes)."
            )
        if audio.recorded_s + seconds > MAX_ANSWER_S:
            raise ApiError(
                413,
                "ANSWER_TOO_LONG",
                f"A spoken answer is at most {MAX_ANSWER_S / 60:g} minutes; send audio_complete "
                "now: what was received is kept and transcribed.",
            )
        # The recording is stored before the commit: a crash in between leaves an orphan
        # file, never an event pointing at a missing one.
        await media.put(key, segment.data)
        audio.segments = [*audio.segments, segment.index]
        audio.keys = [*audio.keys, key]
        audio.total_bytes += len(segment.data)
        audio.recorded_s += seconds
        uow.session.add(audio)
        await uow.emit(
            AnswerAudioSegmentReceived.create(
                AnswerAudioSegmentReceivedPayload(
                    answer_id=segment.answer_id,
                    question_id=segment.question_id,
                    segment_index=segment.index,
                    mime_type=segment.mime_type,
                    audio_b64=base64.b64encode(segment.data).decode(),
                    storage_key=key,
                ),
                interview_id=segment.interview_id,
                user_id=segment.user_id,
                correlation_id=correlation_id.get(),
            )
        )
    return True


async def complete_answer(
    messaging: Messaging,
    interview_id: uuid.UUID,
    user_id: uuid.UUID,
    question_id: str,
    answer_id: uuid.UUID,
    segment_count: int,
) -> bool:
    """Close a spoken answer; False when it was already completed (a retry)."""
    async with messaging.unit_of_work() as uow:
        interview = await store.owned_interview(uow.session, interview_id, user_id, lock=True)
        if interview is None:
            raise ApiError(404, "INTERVIEW_NOT_FOUND", "Interview not found.")
        audio = await uow.session.get(store.AnswerAudio, answer_id)
        if audio is None or audio.user_id != user_id or audio.interview_id != interview_id:
            raise ApiError(409, "NO_AUDIO", "No audio was received for this answer.")
        if audio.completed:
            return False
        ensure_accepting(interview, question_id)
        missing = sorted(set(range(segment_count)) - set(audio.segments))
        if missing or len(audio.segments) != segment_count:
            raise ApiError(
                409,
                "SEGMENTS_MISSING",
                f"Segments {missing or 'beyond ' + str(segment_count)} have not "
                "arrived; send them again, then complete the answer.",
            )
        audio.completed = True
        uow.session.add(audio)
        interview.awaiting_score = True
        interview.updated_at = utc_now()
        uow.session.add(interview)
        await uow.emit(
            AnswerAudioCompleted.create(
                AnswerAudioCompletedPayload(
                    answer_id=answer_id, question_id=question_id, segment_count=segment_count
                ),
                interview_id=interview_id,
                user_id=user_id,
                correlation_id=correlation_id.get(),
            )
        )
    return True
