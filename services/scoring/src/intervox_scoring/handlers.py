"""Scoring handlers: ``answer.scoring_requested`` → ``score_ready``."""

from __future__ import annotations

from dataclasses import dataclass

from intervox_contracts import Event, utc_now
from intervox_contracts.events import (
    AnswerScoringRequested,
    AnswerScoringRequestedPayload,
    ScoreReady,
    ScoreReadyPayload,
)
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler

from intervox_scoring import store
from intervox_scoring.domain.features import KeyPoint
from intervox_scoring.domain.rubric import AnswerToScore
from intervox_scoring.providers import ScoringEngine


@dataclass
class ScoringDeps:
    uow: UnitOfWork
    engine: ScoringEngine


def to_item(request: AnswerScoringRequestedPayload) -> AnswerToScore:
    return AnswerToScore(
        question=request.question_text,
        model_answer=request.model_answer,
        key_points=[
            KeyPoint(kp.id, kp.text, tuple(kp.keywords), kp.importance) for kp in request.key_points
        ],
        answer=request.answer_text,
        kind=request.kind,
        delivery=request.delivery,
    )


async def on_scoring_requested(event: AnswerScoringRequested, deps: ScoringDeps) -> list[Event]:
    request = event.payload
    if await deps.uow.session.get(store.AnswerScore, request.answer_id) is not None:
        return []  # this answer already has its score
    result = await deps.engine.score(to_item(request))
    payload = ScoreReadyPayload(
        answer_id=request.answer_id,
        question_id=request.question_id,
        overall=result.overall,
        correctness=result.correctness,
        completeness=result.completeness,
        clarity=result.clarity,
        feedback=result.feedback,
        strengths=result.strengths,
        improvements=result.improvements,
        key_points_covered=result.key_points_covered,
        key_points_missed=result.key_points_missed,
        confidence=result.confidence,
        model_answer=request.model_answer,
        scorer=result.scorer,
    )
    deps.uow.session.add(
        store.AnswerScore(
            answer_id=request.answer_id,
            interview_id=event.interview_id,
            user_id=event.user_id,
            question_id=request.question_id,
            topic=request.topic,
            overall=payload.overall,
            correctness=payload.correctness,
            completeness=payload.completeness,
            clarity=payload.clarity,
            scorer=result.scorer,
            detail=payload.model_dump(mode="json"),
            scored_at=utc_now(),
        )
    )
    return [ScoreReady.caused_by(event, payload)]


HANDLERS: dict[str, Handler[ScoringDeps]] = {AnswerScoringRequested.TYPE: on_scoring_requested}
