"""Event handlers of the interview engine: ``async (event, deps) -> events``.

The engine is the authority on an interview's state (the lifecycle rules live in
``intervox_contracts.lifecycle``). The gateway pre-checks commands against its projection,
but a race (two tabs, a retry) can still reach here; such a command is answered with
``command_rejected`` and changes nothing.
"""

from __future__ import annotations

import logging
import uuid
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

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
    FollowUpAsked,
    FollowUpAskedPayload,
    InterviewControlRequested,
    InterviewEnded,
    InterviewEndPayload,
    InterviewEndRequested,
    InterviewEndRequestedPayload,
    InterviewPaused,
    InterviewPausedPayload,
    InterviewRequested,
    InterviewRequestedPayload,
    InterviewResumed,
    InterviewResumedPayload,
    InterviewStarted,
    InterviewStartedPayload,
    KeyPointRef,
    NextQuestionAsked,
    NextQuestionPayload,
    QuestionRepeated,
    QuestionRepeatedPayload,
    QuestionSkipped,
    QuestionsReady,
    QuestionsReadyPayload,
    QuestionsUpcoming,
    QuestionsUpcomingPayload,
    QuestionView,
    ReportReady,
    ReportReadyPayload,
    ScoreReady,
    TranscriptFinal,
)
from intervox_contracts.lifecycle import (
    INACTIVITY_TIMEOUT,
    RESUME_WINDOW,
    Command,
    Rejection,
    check,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler
from intervox_skills import extract_skills
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_engine import store
from intervox_engine.domain import flow, generation, planner, ratings
from intervox_engine.domain.bank import BankQuestion, QuestionBank
from intervox_engine.domain.report import AskedQuestion, InterviewFacts, build_report
from intervox_engine.providers.generator import QuestionGenerator

log = logging.getLogger(__name__)

MAX_INFERRED_TOPICS = 4
"""Topics taken from a JD/resume when the candidate chose none."""
FOLLOW_UPS_SPOKEN_AHEAD = 2
"""Each costs the TTS one synthesis (~0.25-0.35 s of CPU) while the candidate answers; the
two likeliest cover the usual case (a missed essential point) without crowding out STT."""


@dataclass
class EngineDeps:
    uow: UnitOfWork
    bank: QuestionBank
    follow_ups_per_question: int = 1
    generator: QuestionGenerator | None = None

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


def _reject(command: Event, rejection: Rejection) -> list[Event]:
    return [
        CommandRejected.caused_by(
            command,
            CommandRejectedPayload(
                command_event_id=command.event_id, code=rejection.code, message=rejection.message
            ),
        )
    ]


NOT_FOUND = Rejection("INTERVIEW_NOT_FOUND", "No such interview.")


def _touch(deps: EngineDeps, interview: store.InterviewSession) -> None:
    now = utc_now()
    interview.updated_at = now
    interview.last_activity_at = now
    deps.session.add(interview)


async def _current(
    deps: EngineDeps, interview: store.InterviewSession
) -> store.AskedQuestionRow | None:
    if interview.current_question_id is None:
        return None
    return await store.question(deps.session, interview.id, interview.current_question_id)


def _check(
    command: Command,
    interview: store.InterviewSession,
    current: store.AskedQuestionRow | None,
    question_id: str | None = None,
) -> Rejection | None:
    return check(
        command,
        InterviewStatus(interview.status),
        current_question_id=interview.current_question_id,
        question_id=question_id,
        question_open=current is not None and current.state == "asked",
        resume_before=interview.resume_before,
        now=utc_now(),
    )


def _row_from_bank(
    interview: store.InterviewSession, chosen: BankQuestion, position: int, source: str = "bank"
) -> store.AskedQuestionRow:
    return store.AskedQuestionRow(
        interview_id=interview.id,
        question_id=f"q{position}",
        bank_id=chosen.id,
        position=position,
        text=chosen.prompt,
        topic=chosen.topic,
        difficulty=chosen.difficulty.value,
        kind=chosen.kind.value,
        model_answer=chosen.model_answer,
        key_points=[kp.model_dump(mode="json") for kp in chosen.key_points],
        resources=[{"title": r.title, "url": str(r.url)} for r in chosen.resources],
        source=source,
        asked_at=utc_now(),
    )


async def _choose_main(
    deps: EngineDeps,
    interview: store.InterviewSession,
    asked: Sequence[store.AskedQuestionRow],
    position: int,
    difficulty: Difficulty,
    recently_seen: Collection[str],
) -> tuple[BankQuestion, str]:
    """The main question at ``position`` for ``difficulty``, and where it came from: a
    generated question when one fits exactly, else the bank. Deterministic for the same
    session state, which is what lets the upcoming questions be spoken ahead of time."""
    topic = interview.topic_plan[position - 1]
    criteria: dict[str, Any] = {
        "interview_type": InterviewType(interview.interview_type),
        "topic": topic,
        "difficulty": difficulty,
        "exclude_ids": {q.bank_id for q in asked if q.bank_id},
        "asked_points": [
            planner.AskedPoint(kp["text"], tuple(kp.get("keywords", [])))
            for q in asked
            for kp in q.key_points
        ],
        "seniority": Seniority(interview.seniority),
        "seed": _seed(interview.id, str(position)),
    }
    if interview.generated:
        # Generated questions first, when one fits exactly; the bank fills any gap.
        generated = QuestionBank(
            version="generated",
            topics=deps.bank.topics,
            questions=[BankQuestion.model_validate(q) for q in interview.generated],
        )
        try:
            candidate = planner.choose_question(generated, **criteria)
        except planner.NoQuestionsError:
            candidate = None
        if (
            candidate is not None
            and candidate.topic == topic
            and candidate.difficulty is difficulty
        ):
            return candidate, interview.plan_source
    return planner.choose_question(deps.bank, recently_seen=recently_seen, **criteria), "bank"


@dataclass(frozen=True)
class _AskedMain:
    """A main question just asked, and the questions that may follow it."""

    row: store.AskedQuestionRow
    upcoming: list[str]
    follow_ups: list[str]

    def upcoming_events(self, cause: Event) -> list[Event]:
        """``questions.upcoming`` for the TTS, which speaks them while the candidate
        answers, so the next question (or follow-up) plays at once."""
        if not self.upcoming and not self.follow_ups:
            return []
        payload = QuestionsUpcomingPayload(
            after_question_id=self.row.question_id,
            asked_text=self.row.text,
            texts=self.upcoming,
            follow_ups=self.follow_ups,
        )
        return [QuestionsUpcoming.caused_by(cause, payload)]


async def _ask_next_main(deps: EngineDeps, interview: store.InterviewSession) -> _AskedMain:
    asked = await store.questions_of(deps.session, interview.id)
    position = interview.main_index + 1
    recently_seen = await store.recent_bank_ids(deps.session, interview.user_id, interview.id)
    chosen, source = await _choose_main(
        deps, interview, asked, position, Difficulty(interview.difficulty), recently_seen
    )
    row = _row_from_bank(interview, chosen, position, source)
    deps.session.add(row)
    interview.main_index = position
    interview.current_question_id = row.question_id
    _touch(deps, interview)
    upcoming = await _guess_upcoming(deps, interview, [*asked, row], recently_seen)
    follow_ups = (
        flow.likely_follow_ups(_key_point_infos(row), limit=FOLLOW_UPS_SPOKEN_AHEAD)
        if interview.follow_ups_per_question > 0
        else []
    )
    return _AskedMain(row, upcoming, follow_ups)


async def _guess_upcoming(
    deps: EngineDeps,
    interview: store.InterviewSession,
    asked: Sequence[store.AskedQuestionRow],
    recently_seen: Collection[str],
) -> list[str]:
    """The next main question for each difficulty the current answer can lead to (same,
    harder, easier), from the state just loaded to ask the current one. Best effort:
    nothing here can fail the interview."""
    position = interview.main_index + 1
    if position > interview.question_count:
        return []
    current = Difficulty(interview.difficulty)
    texts: list[str] = []
    try:
        for difficulty in dict.fromkeys((current, current.harder(), current.easier())):
            chosen, _ = await _choose_main(
                deps, interview, asked, position, difficulty, recently_seen
            )
            if chosen.prompt not in texts:
                texts.append(chosen.prompt)
    except planner.NoQuestionsError:
        return []
    except Exception:
        # A guess that fails costs the candidate a cache hit, never the interview.
        log.exception("upcoming questions not computed", extra={"interview_id": str(interview.id)})
        return []
    return texts


def _infer_topics(bank: QuestionBank, job_description: str | None, resume: str | None) -> list[str]:
    texts = [t for t in (job_description, resume) if t]
    if not texts:
        return []
    return [t for t in extract_skills(*texts).topics if t in bank.topics][:MAX_INFERRED_TOPICS]


async def _generate(
    deps: EngineDeps, request: InterviewRequestedPayload, topics: list[str]
) -> tuple[list[BankQuestion], str]:
    """Questions written for this candidate by the configured LLM (cached), or none."""
    if deps.generator is None:
        return [], "bank"
    key = generation.cache_key(
        request.role, request.seniority, request.interview_type, topics, request.job_description
    )
    cached = await deps.session.get(store.PlanCache, key)
    if cached is not None:
        plan: generation.GeneratedPlan | None = generation.GeneratedPlan.model_validate(cached.plan)
        source = cached.source
    else:
        plan = await deps.generator.generate(
            request.role,
            request.seniority,
            request.interview_type,
            topics,
            request.question_count,
            request.job_description,
        )
        source = deps.generator.source
        if plan is not None:
            deps.session.add(
                store.PlanCache(
                    key=key, source=source, plan=plan.model_dump(mode="json"), created_at=utc_now()
                )
            )
    if plan is None:
        return [], "bank"
    questions = generation.to_bank_questions(plan, topics, source, request.seniority)
    return questions, source if questions else "bank"


async def on_interview_requested(event: InterviewRequested, deps: EngineDeps) -> list[Event]:
    if await deps.session.get(store.InterviewSession, event.interview_id) is not None:
        return []
    request = event.payload
    topics = list(request.topics) or _infer_topics(
        deps.bank, request.job_description, request.resume_text
    )
    topic_plan = planner.plan_topics(
        deps.bank, request.interview_type, topics, request.question_count, _seed(event.interview_id)
    )
    # Start where the candidate stands on the first topic, else where the seniority suggests.
    known = await store.ratings_of(deps.session, event.user_id)
    first_rating = known.get(topic_plan[0])
    difficulty = (
        ratings.difficulty_for(first_rating.rating)
        if first_rating is not None
        else planner.STARTING_DIFFICULTY[request.seniority]
    )
    now = utc_now()
    generated, plan_source = await _generate(deps, request, sorted(set(topic_plan)))
    interview = store.InterviewSession(
        id=event.interview_id,
        user_id=event.user_id,
        role=request.role,
        seniority=request.seniority.value,
        interview_type=request.interview_type.value,
        topics=topics,
        topic_plan=topic_plan,
        question_count=request.question_count,
        status=InterviewStatus.IN_PROGRESS.value,
        difficulty=difficulty.value,
        job_description=request.job_description,
        resume_text=request.resume_text,
        follow_ups_per_question=deps.follow_ups_per_question,
        generated=[q.model_dump(mode="json") for q in generated] or None,
        plan_source=plan_source,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    deps.session.add(interview)
    first = await _ask_next_main(deps, interview)
    planned_topics = sorted(set(topic_plan))
    return [
        InterviewStarted.caused_by(
            event,
            InterviewStartedPayload(
                question_count=request.question_count,
                topics=planned_topics,
                plan_source=plan_source,
            ),
        ),
        QuestionsReady.caused_by(
            event,
            QuestionsReadyPayload(
                total=request.question_count,
                topics=planned_topics,
                first_question=_view(first.row, request.question_count),
            ),
        ),
        *first.upcoming_events(event),
    ]


async def _take_answer(
    event: Event,
    deps: EngineDeps,
    question_id: str,
    answer_id: uuid.UUID,
    text: str,
    mode: AnswerMode,
    delivery: DeliveryMetrics | None,
) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, NOT_FOUND)
    current = await _current(deps, interview)
    rejection = _check(Command.ANSWER, interview, current, question_id)
    if rejection is not None or current is None:
        return _reject(event, rejection or NOT_FOUND)
    current.state = "answered"
    current.answer_id = answer_id
    current.answer_text = text
    current.answer_mode = mode.value
    current.delivery = delivery.model_dump(mode="json") if delivery else None
    deps.session.add(current)
    _touch(deps, interview)
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


async def on_answer_submitted(event: AnswerSubmitted, deps: EngineDeps) -> list[Event]:
    p = event.payload
    return await _take_answer(event, deps, p.question_id, p.answer_id, p.text, p.mode, None)


async def on_transcript_final(event: TranscriptFinal, deps: EngineDeps) -> list[Event]:
    """A spoken answer, transcribed: scored like a typed one — unless nothing was said, in
    which case the question stays open (an empty answer is not a wrong answer)."""
    p = event.payload
    if p.no_speech or not p.text.strip():
        return []
    return await _take_answer(
        event, deps, p.question_id, p.answer_id, p.text, AnswerMode.VOICE, p.delivery
    )


async def _update_rating(
    deps: EngineDeps, user_id: uuid.UUID, row: store.AskedQuestionRow, overall: float
) -> None:
    existing = await deps.session.get(store.TopicRating, (user_id, row.topic))
    rating = existing or store.TopicRating(
        user_id=user_id, topic=row.topic, rating=ratings.INITIAL_RATING, updated_at=utc_now()
    )
    rating.rating = ratings.updated_rating(rating.rating, Difficulty(row.difficulty), overall)
    rating.answers += 1
    rating.updated_at = utc_now()
    deps.session.add(rating)


def _key_point_infos(row: store.AskedQuestionRow) -> list[flow.KeyPointInfo]:
    return [
        flow.KeyPointInfo(kp["id"], kp["text"], kp.get("follow_up", ""), kp.get("importance", 2))
        for kp in row.key_points
        if kp.get("follow_up")
    ]


async def _ask_follow_up(
    event: Event,
    deps: EngineDeps,
    interview: store.InterviewSession,
    parent: store.AskedQuestionRow,
    point: flow.KeyPointInfo,
) -> list[Event]:
    row = store.AskedQuestionRow(
        interview_id=interview.id,
        question_id=f"{parent.question_id}-f1",
        bank_id=None,
        position=parent.position,
        text=point.follow_up,
        topic=parent.topic,
        difficulty=parent.difficulty,
        kind=parent.kind,
        model_answer=parent.model_answer,
        # The follow-up is judged on the point it probes.
        key_points=[kp for kp in parent.key_points if kp["id"] == point.id],
        resources=parent.resources,
        source=parent.source,
        is_follow_up=True,
        parent_question_id=parent.question_id,
        follow_up_key_point=point.id,
        asked_at=utc_now(),
    )
    deps.session.add(row)
    interview.current_question_id = row.question_id
    _touch(deps, interview)
    return [
        FollowUpAsked.caused_by(
            event,
            FollowUpAskedPayload(
                question=_view(row, interview.question_count), key_point_id=point.id
            ),
        )
    ]


async def on_score_ready(event: ScoreReady, deps: EngineDeps) -> list[Event]:
    score = event.payload
    interview = await store.lock_interview(deps.session, event.interview_id)
    row = await store.question(deps.session, event.interview_id, score.question_id)
    if interview is None or row is None or row.state != "answered":
        return []  # a score for something no longer awaiting one: nothing to move
    if row.answer_id != score.answer_id:
        return []
    row.state = "scored"
    row.score = score.model_dump(mode="json")
    row.scored_at = utc_now()
    deps.session.add(row)
    await _update_rating(deps, interview.user_id, row, score.overall)
    if InterviewStatus(interview.status).is_final:
        deps.session.add(interview)
        return []

    if not row.is_follow_up and interview.follow_ups_per_question > 0:
        point = flow.choose_follow_up(
            _key_point_infos(row),
            score.key_points_missed,
            score.completeness,
            len((row.answer_text or "").split()),
        )
        if point is not None:
            return await _ask_follow_up(event, deps, interview, row, point)

    main_score = score.overall
    if row.is_follow_up and row.parent_question_id:
        parent = await store.question(deps.session, interview.id, row.parent_question_id)
        if parent is not None and parent.score is not None:
            main_score = flow.combined_score(float(parent.score["overall"]), score.overall)
    interview.difficulty = flow.adapt_difficulty(Difficulty(interview.difficulty), main_score).value
    return await _advance(event, deps, interview, "answered")


async def _advance(
    event: Event, deps: EngineDeps, interview: store.InterviewSession, reason: str
) -> list[Event]:
    previous = interview.current_question_id
    if interview.main_index >= interview.question_count:
        return await _finish(event, deps, interview, EndReason.FINISHED)
    asked = await _ask_next_main(deps, interview)
    return [
        NextQuestionAsked.caused_by(
            event,
            NextQuestionPayload(
                question=_view(asked.row, interview.question_count),
                previous_question_id=previous,
                reason="skipped" if reason == "skipped" else "answered",
            ),
        ),
        *asked.upcoming_events(event),
    ]


def _asked(q: store.AskedQuestionRow) -> AskedQuestion:
    return AskedQuestion(
        question_id=q.question_id,
        text=q.text,
        topic=q.topic,
        difficulty=Difficulty(q.difficulty),
        is_follow_up=q.is_follow_up,
        parent_question_id=q.parent_question_id,
        skipped=q.state == "skipped",
        answer_id=q.answer_id,
        answer_text=q.answer_text,
        answer_mode=AnswerMode(q.answer_mode) if q.answer_mode else None,
        model_answer=q.model_answer,
        key_points=q.key_points,
        score=q.score,
        delivery=q.delivery,
        resources=q.resources,
        source=q.source,
    )


async def _finish(
    event: Event,
    deps: EngineDeps,
    interview: store.InterviewSession,
    reason: EndReason,
    status: InterviewStatus = InterviewStatus.COMPLETED,
) -> list[Event]:
    asked = [_asked(q) for q in await store.questions_of(deps.session, interview.id)]
    now = utc_now()
    previous = await store.previous_overall_scores(
        deps.session, interview.user_id, interview.created_at
    )
    known = await store.ratings_of(deps.session, interview.user_id)
    report = build_report(
        InterviewFacts(
            interview_id=interview.id,
            role=interview.role,
            seniority=Seniority(interview.seniority),
            interview_type=InterviewType(interview.interview_type),
            status=status,
            end_reason=reason,
            question_count=interview.question_count,
            started_at=interview.created_at,
            ended_at=now,
            previous_overall=previous,
            ratings={topic: r.rating for topic, r in sorted(known.items())},
        ),
        asked,
    )
    interview.status = status.value
    interview.end_reason = reason.value
    interview.current_question_id = None
    interview.overall_score = report.overall
    interview.ended_at = now
    _touch(deps, interview)
    return [
        InterviewEnded.caused_by(
            event,
            InterviewEndPayload(
                status=status,
                reason=reason,
                answered=report.answered or 0,
                skipped=report.skipped or 0,
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


async def on_question_skipped(event: QuestionSkipped, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, NOT_FOUND)
    current = await _current(deps, interview)
    rejection = _check(Command.SKIP, interview, current, event.payload.question_id)
    if rejection is not None or current is None:
        return _reject(event, rejection or NOT_FOUND)
    current.state = "skipped"
    deps.session.add(current)
    if current.is_follow_up and current.parent_question_id:
        # Skipping a follow-up keeps the main answer's score as the question's.
        parent = await store.question(deps.session, interview.id, current.parent_question_id)
        if parent is not None and parent.score is not None:
            interview.difficulty = flow.adapt_difficulty(
                Difficulty(interview.difficulty), float(parent.score["overall"])
            ).value
    return await _advance(event, deps, interview, "skipped")


async def on_control_requested(event: InterviewControlRequested, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, NOT_FOUND)
    current = await _current(deps, interview)
    command = Command(event.payload.action)
    rejection = _check(command, interview, current)
    if rejection is not None:
        if rejection.code == "RESUME_WINDOW_EXPIRED":
            return await _finish(
                event, deps, interview, EndReason.INACTIVITY_TIMEOUT, InterviewStatus.ABANDONED
            )
        return _reject(event, rejection)
    assert current is not None  # every control command needs a current question
    now = utc_now()
    if command is Command.PAUSE:
        interview.status = InterviewStatus.PAUSED.value
        interview.paused_at = now
        interview.resume_before = now + RESUME_WINDOW
        _touch(deps, interview)
        return [
            InterviewPaused.caused_by(
                event,
                InterviewPausedPayload(
                    question_id=current.question_id, resume_before=interview.resume_before
                ),
            )
        ]
    if command is Command.RESUME:
        interview.status = InterviewStatus.IN_PROGRESS.value
        interview.paused_at = None
        interview.resume_before = None
        _touch(deps, interview)
        return [
            InterviewResumed.caused_by(
                event, InterviewResumedPayload(question=_view(current, interview.question_count))
            )
        ]
    _touch(deps, interview)
    return [
        QuestionRepeated.caused_by(
            event, QuestionRepeatedPayload(question=_view(current, interview.question_count))
        )
    ]


async def on_end_requested(event: InterviewEndRequested, deps: EngineDeps) -> list[Event]:
    interview = await store.lock_interview(deps.session, event.interview_id)
    if interview is None:
        return _reject(event, NOT_FOUND)
    rejection = _check(Command.END, interview, await _current(deps, interview))
    if rejection is not None:
        return _reject(event, rejection)
    return await _finish(event, deps, interview, event.payload.reason)


async def expire_idle_interviews(uow: UnitOfWork, bank: QuestionBank) -> int:
    """Abandon interviews idle for 30 minutes, or paused beyond their 24-hour window.

    Runs periodically in every engine replica; rows are claimed with SKIP LOCKED."""
    now = utc_now()
    deps = EngineDeps(uow=uow, bank=bank)
    expired = await store.expired_sessions(uow.session, now - INACTIVITY_TIMEOUT, now)
    for interview in expired:
        # A synthetic cause: the clock. The chain keeps the interview's identity.
        trigger = InterviewEndRequested.create(
            InterviewEndRequestedPayload(reason=EndReason.INACTIVITY_TIMEOUT),
            interview_id=interview.id,
            user_id=interview.user_id,
        )
        for out in await _finish(
            trigger, deps, interview, EndReason.INACTIVITY_TIMEOUT, InterviewStatus.ABANDONED
        ):
            await uow.emit(out)
    return len(expired)


HANDLERS: dict[str, Handler[EngineDeps]] = {
    InterviewRequested.TYPE: on_interview_requested,
    AnswerSubmitted.TYPE: on_answer_submitted,
    TranscriptFinal.TYPE: on_transcript_final,
    ScoreReady.TYPE: on_score_ready,
    QuestionSkipped.TYPE: on_question_skipped,
    InterviewControlRequested.TYPE: on_control_requested,
    InterviewEndRequested.TYPE: on_end_requested,
}
