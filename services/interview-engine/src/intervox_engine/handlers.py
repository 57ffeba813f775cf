"""Event handlers of the interview engine: ``async (event, deps) -> events``.

The engine is the authority on an interview's state. The gateway pre-checks commands
against its projection, but a race (two tabs, a retry) can still reach here; such a command
is answered with ``command_rejected`` and changes nothing.
"""

from __future__ import annotations

import uuid
import zlib
from dataclasses import dataclass

from intervox_contracts import Event, utc_now
from intervox_contracts.enums import (
    AnswerMode,
    Difficulty,
    EndReason,
    InterviewStatus,
    InterviewType,
    QuestionKind,
    Seniority,
)
from intervox_contracts.events import (
    AnswerScoringRequested,
    AnswerScoringRequestedPayload,
    AnswerSubmitted,
    CommandRejected,
    CommandRejectedPayload,
    DeliveryMetrics,
    InterviewEnded,
    InterviewEndPayload,
    InterviewEndRequested,
    InterviewRequested,
    InterviewStarted,
    InterviewStartedPayload,
    KeyPointRef,
    NextQuestionAsked,
    NextQuestionPayload,
    QuestionSkipped,
    QuestionsReady,
    QuestionsReadyPayload,
    QuestionView,
    ReportReady,
    ReportReadyPayload,
    ScoreReady,
    TranscriptFinal,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_engine import store
from intervox_engine.domain import flow, planner
from intervox_engine.domain.bank import BankQuestion, QuestionBank
from intervox_engine.domain.report import AskedQuestion, build_report


@dataclass
class EngineDeps:
    uow: UnitOfWork
    bank: QuestionBank

    @property
    def session(self) -> AsyncSession:
        return self.uow.session


def _seed(interview_id: uuid.UUID, salt: str = "") -> int:
    return zlib.crc32(f"{interview_id}:{salt}".encode())


def _view(row: store.AskedQuestionRow, total: int) -> QuestionView:
    return QuestionView(
        question_id=row.question_id,
        index=row.position,
        total=total,
        text=row.text,
        topic=row.topic,
        difficulty=Difficulty(row.difficulty),
        kind=QuestionKind(row.kind),
        is_follow_up=row.is_follow_up,
        parent_question_id=row.parent_question_id,
        source=row.source,
    )


def _reject(command: Event, rejection: flow.Rejection) -> list[Event]:
    return [
        CommandRejected.caused_by(
            command,
            CommandRejectedPayload(
                command_event_id=command.event_id, code=rejection.code, message=rejection.message
            ),
        )
    ]


async def _ask_next_main(
    deps: EngineDeps, interview: store.InterviewSession
) -> store.AskedQuestionRow:
    asked = await store.questions_of(deps.session, interview.id)
    position = interview.main_index + 1
    chosen: BankQuestion = planner.choose_question(
        deps.bank,
        interview_type=InterviewType(interview.interview_type),
        topic=interview.topic_plan[position - 1],
        difficulty=Difficulty(interview.difficulty),
        exclude_ids={q.bank_id for q in asked if q.bank_id},
        avoid_key_points={kp["text"] for q in asked for kp in q.key_points},
        seed=_seed(interview.id, str(position)),
    )
    row = store.AskedQuestionRow(
        interview_id=interview.id,
        question_id=f"q{position}",
        bank_id=chosen.id,
        position=position,
        text=chosen.prompt,
        topic=chosen.topic,
        difficulty=chosen.difficulty.value,
        kind=chosen.kind.value,
        model_answer=chosen.model_answer,
        key_points=[
            {"id": kp.id, "text": kp.text, "keywords": kp.keywords, "importance": kp.importance}
            for kp in chosen.key_points
        ],
        source="bank",
        asked_at=utc_now(),
    )
    deps.session.add(row)
    interview.main_index = position
    interview.current_question_id = row.question_id
    interview.updated_at = utc_now()
    deps.session.add(interview)
    return row


async def on_interview_requested(event: InterviewRequested, deps: EngineDeps) -> list[Event]:
    if await deps.session.get(store.InterviewSession, event.interview_id) is not None:
        return []
    request = event.payload
    topic_plan = planner.plan_topics(
        deps.bank,
        request.interview_type,
        request.topics,
        request.question_count,
        _seed(event.interview_id),
    )
    now = utc_now()
    interview = store.InterviewSession(
        id=event.interview_id,
        user_id=event.user_id,
        role=request.role,
        seniority=request.seniority.value,
        interview_type=request.interview_type.value,
        topics=list(request.topics),
        topic_plan=topic_plan,
        question_count=request.question_count,
        status=InterviewStatus.IN_PROGRESS.value,
        difficulty=planner.STARTING_DIFFICULTY[request.seniority].value,
        created_at=now,
        updated_at=now,
    )
    deps.session.add(interview)
    first = await _ask_next_main(deps, interview)
    return [
        InterviewStarted.caused_by(
            event,
            InterviewStartedPayload(
                question_count=request.question_count,
                topics=sorted(set(topic_plan)),
                plan_source="bank",
            ),
        ),
        QuestionsReady.caused_by(
            event,
            QuestionsReadyPayload(
                total=request.question_count,
                topics=sorted(set(topic_plan)),
                first_question=_view(first, request.question_count),
            ),
        ),
    ]


async def on_answer_submitted(event: AnswerSubmitted, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, flow.Rejection("INTERVIEW_NOT_FOUND", "No such interview."))
    current = await store.question(deps.session, interview.id, event.payload.question_id)
    rejection = flow.check_answer(
        InterviewStatus(interview.status),
        interview.current_question_id,
        event.payload.question_id,
        current.state if current else None,
    )
    if rejection is not None or current is None:
        return _reject(event, rejection or flow.Rejection("QUESTION_MISMATCH", "Unknown question."))
    return _accept_answer(
        event,
        deps,
        interview,
        current,
        event.payload.answer_id,
        event.payload.text,
        event.payload.mode,
        None,
    )


def _accept_answer(
    event: Event,
    deps: EngineDeps,
    interview: store.InterviewSession,
    current: store.AskedQuestionRow,
    answer_id: uuid.UUID,
    text: str,
    mode: AnswerMode,
    delivery: DeliveryMetrics | None,
) -> list[Event]:
    current.state = "answered"
    current.answer_id = answer_id
    current.answer_text = text
    current.answer_mode = mode.value
    deps.session.add(current)
    interview.updated_at = utc_now()
    deps.session.add(interview)
    return [
        AnswerScoringRequested.caused_by(
            event,
            AnswerScoringRequestedPayload(
                answer_id=answer_id,
                question_id=current.question_id,
                question_text=current.text,
                topic=current.topic,
                kind=QuestionKind(current.kind),
                difficulty=Difficulty(current.difficulty),
                model_answer=current.model_answer,
                key_points=[KeyPointRef.model_validate(kp) for kp in current.key_points],
                answer_text=text,
                mode=mode,
                is_follow_up=current.is_follow_up,
                delivery=delivery,
            ),
        )
    ]


async def on_transcript_final(event: TranscriptFinal, deps: EngineDeps) -> list[Event]:
    """A spoken answer, transcribed: scored like a typed one — unless nothing was said,
    in which case the question stays open (an empty answer is not a wrong answer)."""
    if event.payload.no_speech or not event.payload.text.strip():
        return []
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return []
    current = await store.question(deps.session, interview.id, event.payload.question_id)
    rejection = flow.check_answer(
        InterviewStatus(interview.status),
        interview.current_question_id,
        event.payload.question_id,
        current.state if current else None,
    )
    if rejection is not None or current is None:
        return _reject(event, rejection or flow.Rejection("QUESTION_MISMATCH", "Unknown question."))
    return _accept_answer(
        event,
        deps,
        interview,
        current,
        event.payload.answer_id,
        event.payload.text,
        AnswerMode.VOICE,
        event.payload.delivery,
    )


async def _advance(
    event: Event, deps: EngineDeps, interview: store.InterviewSession, reason: str
) -> list[Event]:
    previous = interview.current_question_id
    if interview.main_index >= interview.question_count:
        return await _finish(event, deps, interview, EndReason.FINISHED)
    row = await _ask_next_main(deps, interview)
    return [
        NextQuestionAsked.caused_by(
            event,
            NextQuestionPayload(
                question=_view(row, interview.question_count),
                previous_question_id=previous,
                reason="skipped" if reason == "skipped" else "answered",
            ),
        )
    ]


async def _finish(
    event: Event, deps: EngineDeps, interview: store.InterviewSession, reason: EndReason
) -> list[Event]:
    asked = await store.questions_of(deps.session, interview.id)
    answered = sum(1 for q in asked if q.state == "scored")
    skipped = sum(1 for q in asked if q.state == "skipped")
    now = utc_now()
    interview.status = InterviewStatus.COMPLETED.value
    interview.end_reason = reason.value
    interview.current_question_id = None
    interview.ended_at = now
    interview.updated_at = now
    deps.session.add(interview)
    report = build_report(
        interview.id,
        interview.role,
        Seniority(interview.seniority),
        InterviewStatus.COMPLETED,
        [
            AskedQuestion(
                question_id=q.question_id,
                text=q.text,
                topic=q.topic,
                difficulty=Difficulty(q.difficulty),
                is_follow_up=q.is_follow_up,
                skipped=q.state == "skipped",
                answer_text=q.answer_text,
                model_answer=q.model_answer,
                scores={
                    k: float(q.score[k])
                    for k in ("overall", "correctness", "completeness", "clarity")
                }
                if q.score
                else None,
                feedback=q.score.get("feedback") if q.score else None,
                key_points_missed=list(q.score.get("key_points_missed", [])) if q.score else [],
                strengths=list(q.score.get("strengths", [])) if q.score else [],
                improvements=list(q.score.get("improvements", [])) if q.score else [],
            )
            for q in asked
        ],
    )
    return [
        InterviewEnded.caused_by(
            event,
            InterviewEndPayload(
                status=InterviewStatus.COMPLETED,
                reason=reason,
                answered=answered,
                skipped=skipped,
                overall_score=report.overall,
            ),
        ),
        ReportReady.caused_by(
            event,
            ReportReadyPayload(
                report_url=f"/api/v1/interviews/{interview.id}/report",
                overall_score=report.overall,
                report=report,
            ),
        ),
    ]


async def on_score_ready(event: ScoreReady, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    row = await store.question(deps.session, event.interview_id, event.payload.question_id)
    if interview is None or row is None or row.state != "answered":
        return []  # a score for something no longer awaiting one: nothing to move
    if row.answer_id != event.payload.answer_id:
        return []
    row.state = "scored"
    row.score = event.payload.model_dump(mode="json")
    row.scored_at = utc_now()
    deps.session.add(row)
    interview.difficulty = flow.adapt_difficulty(
        Difficulty(interview.difficulty), event.payload.overall
    ).value
    if InterviewStatus(interview.status).is_final:
        deps.session.add(interview)
        return []
    return await _advance(event, deps, interview, "answered")


async def on_question_skipped(event: QuestionSkipped, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, flow.Rejection("INTERVIEW_NOT_FOUND", "No such interview."))
    current = await store.question(deps.session, interview.id, event.payload.question_id)
    rejection = flow.check_answer(
        InterviewStatus(interview.status),
        interview.current_question_id,
        event.payload.question_id,
        current.state if current else None,
    )
    if rejection is not None or current is None:
        return _reject(event, rejection or flow.Rejection("QUESTION_MISMATCH", "Unknown question."))
    current.state = "skipped"
    deps.session.add(current)
    return await _advance(event, deps, interview, "skipped")


async def on_end_requested(event: InterviewEndRequested, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, flow.Rejection("INTERVIEW_NOT_FOUND", "No such interview."))
    rejection = flow.check_end(InterviewStatus(interview.status))
    if rejection is not None:
        return _reject(event, rejection)
    return await _finish(event, deps, interview, event.payload.reason)


HANDLERS: dict[str, Handler[EngineDeps]] = {
    InterviewRequested.TYPE: on_interview_requested,
    AnswerSubmitted.TYPE: on_answer_submitted,
    TranscriptFinal.TYPE: on_transcript_final,
    ScoreReady.TYPE: on_score_ready,
    QuestionSkipped.TYPE: on_question_skipped,
    InterviewEndRequested.TYPE: on_end_requested,
}
