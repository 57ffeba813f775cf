"""Public API of the gateway: REST under /api/v1 and the interview event WebSocket.

Commands are accepted (202) once they are stored in the outbox in the same transaction as
the projection change that records them; the interview engine then acts on them. Nothing
the client sent is lost after a 2xx.

(No `from __future__ import annotations`: FastAPI resolves the closures' annotations.)
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    Depends,
    Header,
    Query,
    Request,
    Response,
    WebSocket,
    WebSocketDisconnect,
)
from intervox_contracts import Event, utc_now
from intervox_contracts.enums import InterviewStatus, InterviewType, Seniority
from intervox_contracts.events import (
    AnswerSubmitted,
    AnswerSubmittedPayload,
    InterviewControlRequested,
    InterviewControlRequestedPayload,
    InterviewEndRequested,
    InterviewEndRequestedPayload,
    QuestionSkipped,
    QuestionSkippedPayload,
    QuestionView,
)
from intervox_contracts.lifecycle import Command
from intervox_platform.logging import correlation_id
from intervox_platform.messaging import Messaging
from intervox_platform.security import AccessClaims, TokenVerifier, bearer_token
from intervox_platform.storage import MediaStore, MediaStoreError, content_type_for
from intervox_platform.web import ApiError, ErrorBody
from pydantic import BaseModel, Field, field_validator
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_gateway import store, voice
from intervox_gateway.commands import start_interview
from intervox_gateway.policy import ensure_accepting, ensure_allowed
from intervox_gateway.relay import RelayHub

log = logging.getLogger(__name__)

WS_SUBPROTOCOL = "intervox.v1"
WS_TOKEN_PREFIX = "bearer."
WS_CLOSE_UNAUTHORIZED = 4401
WS_CLOSE_NOT_FOUND = 4404


class CreateInterview(BaseModel):
    role: str = Field(min_length=2, max_length=120, examples=["Backend engineer"])
    seniority: Seniority
    interview_type: InterviewType = InterviewType.TECHNICAL
    topics: list[str] = Field(default_factory=list, max_length=12, examples=[["python"]])
    question_count: int = Field(default=5, ge=1, le=15)
    job_description: str | None = Field(default=None, max_length=20_000)
    resume_id: uuid.UUID | None = None
    voice: str | None = Field(default=None, max_length=64)
    speech_rate: float | None = Field(default=None, ge=0.75, le=1.5)

    @field_validator("topics")
    @classmethod
    def _clean_topics(cls, value: list[str]) -> list[str]:
        cleaned = []
        for topic in value:
            slug = topic.strip().lower()
            if not slug or len(slug) > 60:
                raise ValueError("each topic is 1-60 characters")
            if slug not in cleaned:
                cleaned.append(slug)
        return cleaned


class SubmitAnswer(BaseModel):
    question_id: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=20_000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the answer is empty")
        return value.strip()


class SkipQuestion(BaseModel):
    question_id: str = Field(min_length=1, max_length=32)


class InterviewOut(BaseModel):
    id: uuid.UUID
    role: str
    seniority: Seniority
    interview_type: InterviewType
    topics: list[str]
    question_count: int
    status: InterviewStatus
    current_question: QuestionView | None
    awaiting_score: bool
    answered_count: int
    skipped_count: int
    overall_score: float | None
    last_seq: int
    created_at: datetime
    updated_at: datetime
    ended_at: datetime | None


class InterviewPage(BaseModel):
    items: list[InterviewOut]
    total: int
    limit: int
    offset: int


class Accepted(BaseModel):
    status: Literal["accepted"] = "accepted"
    command_id: uuid.UUID
    answer_id: uuid.UUID | None = None


class EventPage(BaseModel):
    events: list[dict[str, Any]]
    last_seq: int


def interview_out(row: store.Interview) -> InterviewOut:
    return InterviewOut(
        id=row.id,
        role=row.role,
        seniority=Seniority(row.seniority),
        interview_type=InterviewType(row.interview_type),
        topics=row.topics,
        question_count=row.question_count,
        status=InterviewStatus(row.status),
        current_question=QuestionView.model_validate(row.current_question)
        if row.current_question
        else None,
        awaiting_score=row.awaiting_score,
        answered_count=row.answered_count,
        skipped_count=row.skipped_count,
        overall_score=row.overall_score,
        last_seq=row.last_seq,
        created_at=row.created_at,
        updated_at=row.updated_at,
        ended_at=row.ended_at,
    )


NOT_FOUND = ApiError(404, "INTERVIEW_NOT_FOUND", "Interview not found.")
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": ErrorBody} for s in (401, 404, 409, 413, 422)
}


def build_router(
    messaging: Messaging, verifier: TokenVerifier, hub: RelayHub, media: MediaStore
) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["interviews"], responses=ERRORS)

    async def session_dep() -> AsyncIterator[AsyncSession]:
        async with messaging.sessions() as session:
            yield session

    async def current_user(
        authorization: Annotated[str | None, Header()] = None,
    ) -> AccessClaims:
        return await verifier.verify(bearer_token(authorization))

    User = Annotated[AccessClaims, Depends(current_user)]
    Session = Annotated[AsyncSession, Depends(session_dep)]

    def _command_meta(user: AccessClaims, interview_id: uuid.UUID) -> dict[str, Any]:
        return {
            "interview_id": interview_id,
            "user_id": user.user_id,
            "correlation_id": correlation_id.get(),
        }

    @router.post(
        "/interviews",
        status_code=201,
        response_model=InterviewOut,
        summary="Create an interview; its first question arrives as questions_ready",
    )
    async def create_interview(body: CreateInterview, user: User) -> InterviewOut:
        row = await start_interview(
            messaging,
            user.user_id,
            role=body.role,
            seniority=body.seniority,
            interview_type=body.interview_type,
            topics=body.topics,
            question_count=body.question_count,
            job_description=body.job_description,
            resume_id=body.resume_id,
            voice=body.voice,
            speech_rate=body.speech_rate,
        )
        return interview_out(row)

    @router.get("/interviews", response_model=InterviewPage, summary="My interviews, newest first")
    async def list_interviews(
        user: User,
        session: Session,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0)] = 0,
        role: Annotated[str | None, Query(max_length=120)] = None,
        topic: Annotated[str | None, Query(max_length=60)] = None,
        status: InterviewStatus | None = None,
    ) -> InterviewPage:
        rows, total = await store.interviews_of(
            session, user.user_id, limit, offset, role, topic, status.value if status else None
        )
        return InterviewPage(
            items=[interview_out(r) for r in rows], total=total, limit=limit, offset=offset
        )

    @router.get("/interviews/{interview_id}", response_model=InterviewOut)
    async def get_interview(interview_id: uuid.UUID, user: User, session: Session) -> InterviewOut:
        row = await store.owned_interview(session, interview_id, user.user_id)
        if row is None:
            raise NOT_FOUND
        return interview_out(row)

    @router.post(
        "/interviews/{interview_id}/answers",
        status_code=202,
        response_model=Accepted,
        summary="Answer the current question in text; its score arrives as score_ready",
    )
    async def submit_answer(interview_id: uuid.UUID, body: SubmitAnswer, user: User) -> Accepted:
        answer_id = uuid.uuid4()
        async with messaging.unit_of_work() as uow:
            row = await store.owned_interview(uow.session, interview_id, user.user_id, lock=True)
            if row is None:
                raise NOT_FOUND
            ensure_accepting(row, body.question_id)
            row.awaiting_score = True
            row.updated_at = utc_now()
            uow.session.add(row)
            command = AnswerSubmitted.create(
                AnswerSubmittedPayload(
                    answer_id=answer_id, question_id=body.question_id, text=body.text
                ),
                **_command_meta(user, interview_id),
            )
            await uow.emit(command)
        return Accepted(command_id=command.event_id, answer_id=answer_id)

    @router.post(
        "/interviews/{interview_id}/skip",
        status_code=202,
        response_model=Accepted,
        summary="Skip the current question",
    )
    async def skip_question(interview_id: uuid.UUID, body: SkipQuestion, user: User) -> Accepted:
        async with messaging.unit_of_work() as uow:
            row = await store.owned_interview(uow.session, interview_id, user.user_id, lock=True)
            if row is None:
                raise NOT_FOUND
            ensure_allowed(row, Command.SKIP, body.question_id)
            row.awaiting_score = True  # nothing else is accepted until the next question
            uow.session.add(row)
            command = QuestionSkipped.create(
                QuestionSkippedPayload(question_id=body.question_id),
                **_command_meta(user, interview_id),
            )
            await uow.emit(command)
        return Accepted(command_id=command.event_id)

    async def _control(
        interview_id: uuid.UUID, user: AccessClaims, action: Literal["pause", "resume", "repeat"]
    ) -> Accepted:
        async with messaging.unit_of_work() as uow:
            row = await store.owned_interview(uow.session, interview_id, user.user_id, lock=True)
            if row is None:
                raise NOT_FOUND
            ensure_allowed(row, Command(action))
            command = InterviewControlRequested.create(
                InterviewControlRequestedPayload(action=action),
                **_command_meta(user, interview_id),
            )
            await uow.emit(command)
        return Accepted(command_id=command.event_id)

    @router.post(
        "/interviews/{interview_id}/pause",
        status_code=202,
        response_model=Accepted,
        summary="Pause; resumable within 24 hours from the same question",
    )
    async def pause(interview_id: uuid.UUID, user: User) -> Accepted:
        return await _control(interview_id, user, "pause")

    @router.post(
        "/interviews/{interview_id}/resume",
        status_code=202,
        response_model=Accepted,
        summary="Resume a paused interview at the exact question",
    )
    async def resume(interview_id: uuid.UUID, user: User) -> Accepted:
        return await _control(interview_id, user, "resume")

    @router.post(
        "/interviews/{interview_id}/repeat",
        status_code=202,
        response_model=Accepted,
        summary="Ask the current question again (it is spoken again)",
    )
    async def repeat(interview_id: uuid.UUID, user: User) -> Accepted:
        return await _control(interview_id, user, "repeat")

    @router.post(
        "/interviews/{interview_id}/end",
        status_code=202,
        response_model=Accepted,
        summary="End the interview early; the report covers what was answered",
    )
    async def end_interview(interview_id: uuid.UUID, user: User) -> Accepted:
        async with messaging.unit_of_work() as uow:
            row = await store.owned_interview(uow.session, interview_id, user.user_id, lock=True)
            if row is None:
                raise NOT_FOUND
            ensure_allowed(row, Command.END)
            command = InterviewEndRequested.create(
                InterviewEndRequestedPayload(), **_command_meta(user, interview_id)
            )
            await uow.emit(command)
        return Accepted(command_id=command.event_id)

    @router.post(
        "/interviews/{interview_id}/answers/{answer_id}/audio/complete",
        status_code=202,
        response_model=Accepted,
        summary="Finish a spoken answer: all its segments were sent",
    )
    async def complete_audio(
        interview_id: uuid.UUID,
        answer_id: uuid.UUID,
        user: User,
        question_id: Annotated[str, Query(min_length=1, max_length=32)],
        segment_count: Annotated[int, Query(ge=1, le=voice.MAX_SEGMENTS)],
    ) -> Accepted:
        await voice.complete_answer(
            messaging, interview_id, user.user_id, question_id, answer_id, segment_count
        )
        return Accepted(command_id=answer_id, answer_id=answer_id)

    @router.post(
        "/interviews/{interview_id}/answers/{answer_id}/audio/{segment_index}",
        status_code=202,
        response_model=Accepted,
        summary="Send one utterance segment of a spoken answer (the raw audio is the body)",
    )
    async def upload_segment(
        interview_id: uuid.UUID,
        answer_id: uuid.UUID,
        segment_index: int,
        request: Request,
        user: User,
        question_id: Annotated[str, Query(min_length=1, max_length=32)],
    ) -> Accepted:
        await voice.accept_segment(
            messaging,
            media,
            voice.Segment(
                interview_id=interview_id,
                user_id=user.user_id,
                question_id=question_id,
                answer_id=answer_id,
                index=segment_index,
                mime_type=request.headers.get("content-type", ""),
                data=await request.body(),
            ),
        )
        return Accepted(command_id=answer_id, answer_id=answer_id)

    @router.get(
        "/media/{key:path}",
        summary="Question audio, or your own recordings (send the Authorization header)",
        response_class=Response,
    )
    async def get_media(key: str, user: User) -> Response:
        allowed = key.startswith("questions/") or key.startswith(f"recordings/{user.user_id}/")
        try:
            data = await media.get(key) if allowed else None
        except ValueError:
            data = None
        if data is None:
            raise ApiError(404, "MEDIA_NOT_FOUND", "No such audio.")
        return Response(
            data,
            media_type=content_type_for(key),
            headers={"Cache-Control": "private, max-age=86400"},
        )

    @router.get(
        "/interviews/{interview_id}/events",
        response_model=EventPage,
        summary="Replay the interview's client events after a seq",
    )
    async def replay_events(
        interview_id: uuid.UUID,
        user: User,
        session: Session,
        after_seq: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> EventPage:
        row = await store.owned_interview(session, interview_id, user.user_id)
        if row is None:
            raise NOT_FOUND
        entries = await store.events_after(session, interview_id, after_seq, limit)
        return EventPage(
            events=[json.loads(e.body) for e in entries],
            last_seq=entries[-1].seq if entries else after_seq,
        )

    @router.get("/interviews/{interview_id}/report", summary="The final report")
    async def get_report(interview_id: uuid.UUID, user: User, session: Session) -> dict[str, Any]:
        row = await store.owned_interview(session, interview_id, user.user_id)
        if row is None:
            raise NOT_FOUND
        report = await session.get(store.Report, interview_id)
        if report is None:
            raise ApiError(409, "REPORT_NOT_READY", "The report is ready when the interview ends.")
        return await with_recordings(session, report.body)

    @router.websocket("/interviews/{interview_id}/events")
    async def events_socket(
        websocket: WebSocket,
        interview_id: uuid.UUID,
        after_seq: Annotated[int, Query(ge=0)] = 0,
    ) -> None:
        await stream_events(websocket, interview_id, after_seq, messaging, verifier, hub, media)

    return router


async def handle_client_message(
    raw: str,
    interview_id: uuid.UUID,
    claims: AccessClaims,
    messaging: Messaging,
    media: MediaStore,
) -> dict[str, Any]:
    """A command sent on the event socket (audio segments, end of a spoken answer)."""
    ref: Any = None
    try:
        message = json.loads(raw)
        if not isinstance(message, dict):
            raise ValueError("not an object")
        ref = message.get("ref")
        kind = message.get("type")
        if kind == "audio_segment":
            await voice.accept_segment(
                messaging,
                media,
                voice.Segment(
                    interview_id=interview_id,
                    user_id=claims.user_id,
                    question_id=str(message["question_id"]),
                    answer_id=uuid.UUID(str(message["answer_id"])),
                    index=int(message["segment_index"]),
                    mime_type=str(message["mime_type"]),
                    data=voice.decode_b64(str(message["audio_b64"])),
                ),
            )
        elif kind == "audio_complete":
            await voice.complete_answer(
                messaging,
                interview_id,
                claims.user_id,
                str(message["question_id"]),
                uuid.UUID(str(message["answer_id"])),
                int(message["segment_count"]),
            )
        else:
            return {
                "type": "error",
                "ref": ref,
                "code": "UNKNOWN_MESSAGE",
                "message": f"Unknown message type {kind!r}.",
            }
    except ApiError as exc:
        return {"type": "error", "ref": ref, "code": exc.code, "message": exc.message}
    except MediaStoreError as exc:
        # Nothing was stored or published: the client sends the same message again.
        log.error("media store unavailable", extra={"error": str(exc)[:300]})
        return {
            "type": "error",
            "ref": ref,
            "code": "MEDIA_STORE_UNAVAILABLE",
            "message": "Audio storage is unavailable for a moment; the segment is sent again.",
            "retryable": True,
        }
    except (ValueError, KeyError, TypeError) as exc:
        return {
            "type": "error",
            "ref": ref,
            "code": "INVALID_MESSAGE",
            "message": f"Malformed message: {exc}",
        }
    return {"type": "ack", "ref": ref}


async def with_recordings(session: AsyncSession, report: dict[str, Any]) -> dict[str, Any]:
    """The report, each spoken answer with the URLs of its recorded segments (playable by
    its owner through /media)."""
    answer_ids = [
        uuid.UUID(q["answer_id"]) for q in report.get("questions", []) if q.get("answer_id")
    ]
    if not answer_ids:
        return report
    rows = await store.answer_audio_for(session, answer_ids)
    urls = {str(r.answer_id): [f"/api/v1/media/{key}" for key in r.keys] for r in rows}
    questions = [
        {**q, "audio_urls": urls[q["answer_id"]]} if q.get("answer_id") in urls else q
        for q in report.get("questions", [])
    ]
    return {**report, "questions": questions}


def _socket_token(websocket: WebSocket) -> tuple[str | None, str | None]:
    """Browsers cannot set headers on a WebSocket, so the token rides in a subprotocol
    (``bearer.<jwt>``) next to ``intervox.v1``; other clients may use Authorization."""
    offered = [p.strip() for p in websocket.scope.get("subprotocols", [])]
    accept = WS_SUBPROTOCOL if WS_SUBPROTOCOL in offered else None
    for protocol in offered:
        if protocol.startswith(WS_TOKEN_PREFIX):
            return protocol[len(WS_TOKEN_PREFIX) :], accept
    header = websocket.headers.get("authorization")
    if header and header.lower().startswith("bearer "):
        return header.split(" ", 1)[1].strip(), accept
    return None, accept


async def stream_events(
    websocket: WebSocket,
    interview_id: uuid.UUID,
    after_seq: int,
    messaging: Messaging,
    verifier: TokenVerifier,
    hub: RelayHub,
    media: MediaStore,
) -> None:
    token, subprotocol = _socket_token(websocket)
    await websocket.accept(subprotocol=subprotocol)
    try:
        if token is None:
            raise ApiError(401, "NOT_AUTHENTICATED", "No access token.")
        claims = await verifier.verify(token)
    except ApiError as exc:
        await websocket.close(code=WS_CLOSE_UNAUTHORIZED, reason=exc.code)
        return
    async with messaging.sessions() as session:
        owned = await store.owned_interview(session, interview_id, claims.user_id)
    if owned is None:
        await websocket.close(code=WS_CLOSE_NOT_FOUND, reason="INTERVIEW_NOT_FOUND")
        return

    # Subscribe before reading the log, so nothing committed in between is missed.
    subscriber = hub.subscribe(interview_id)
    last = after_seq

    async def send_from_log(up_to: int | None = None) -> None:
        nonlocal last
        while True:
            async with messaging.sessions() as session:
                entries = await store.events_after(session, interview_id, last, 500, up_to)
            for entry in entries:
                await websocket.send_text(entry.body)
                last = entry.seq
            if len(entries) < 500:
                return

    async def watch_client() -> None:
        # Reading also notices when the client goes away.
        while True:
            message = await websocket.receive_text()
            if message == "ping":
                await websocket.send_text('{"type":"pong"}')
                continue
            reply = await handle_client_message(message, interview_id, claims, messaging, media)
            await websocket.send_text(json.dumps(reply))

    reader = asyncio.create_task(watch_client())
    try:
        await send_from_log()
        while True:
            getter = asyncio.create_task(subscriber.queue.get())
            done, _ = await asyncio.wait({getter, reader}, return_when=asyncio.FIRST_COMPLETED)
            if reader in done:
                getter.cancel()
                reader.result()  # raises WebSocketDisconnect
                return
            event: Event = getter.result()
            seq = event.seq or 0
            if seq <= last:
                continue  # already sent (from the log or a duplicate delivery)
            if seq == last + 1:
                await websocket.send_text(event.model_dump_json())
                last = seq
            else:
                # Arrived ahead of an earlier one (replicas may receive out of order, or a
                # stalled socket dropped some): the log has all of them, committed in order.
                await send_from_log(up_to=seq)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        hub.unsubscribe(subscriber)
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await reader
