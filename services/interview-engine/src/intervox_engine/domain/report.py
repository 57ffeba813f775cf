"""The final report: pure aggregation of what was asked, answered and scored."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from intervox_contracts.enums import (
    AnswerMode,
    Difficulty,
    EndReason,
    InterviewStatus,
    InterviewType,
    Seniority,
)
from intervox_contracts.events import (
    DeliveryMetrics,
    DeliverySummary,
    Improvement,
    InterviewReport,
    QuestionReport,
    ResourceLink,
)

from intervox_engine.domain.flow import combined_score

TREND_MARGIN = 5.0
"""Points of difference from the recent average that count as a real change."""


@dataclass(frozen=True)
class AskedQuestion:
    question_id: str
    text: str
    topic: str
    difficulty: Difficulty
    is_follow_up: bool
    parent_question_id: str | None
    skipped: bool
    answer_id: uuid.UUID | None
    answer_text: str | None
    answer_mode: AnswerMode | None
    model_answer: str
    key_points: list[dict[str, Any]]
    score: dict[str, Any] | None
    delivery: dict[str, Any] | None
    resources: list[dict[str, str]] = field(default_factory=list)
    source: str = "bank"


@dataclass(frozen=True)
class InterviewFacts:
    interview_id: uuid.UUID
    role: str
    seniority: Seniority
    interview_type: InterviewType
    status: InterviewStatus
    end_reason: EndReason
    question_count: int
    started_at: datetime
    ended_at: datetime
    previous_overall: list[float]
    ratings: dict[str, float]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def trend(
    current: float | None, previous: Sequence[float]
) -> Literal["first", "improving", "declining", "consistent"] | None:
    if current is None:
        return None
    if not previous:
        return "first"
    baseline = sum(previous[:3]) / len(previous[:3])
    if current >= baseline + TREND_MARGIN:
        return "improving"
    if current <= baseline - TREND_MARGIN:
        return "declining"
    return "consistent"


def question_scores(asked: Sequence[AskedQuestion]) -> dict[str, float]:
    """Each main question's score, with its follow-up counted (see flow.combined_score)."""
    follow_ups = {q.parent_question_id: q for q in asked if q.is_follow_up and q.score}
    out: dict[str, float] = {}
    for q in asked:
        if q.is_follow_up or not q.score:
            continue
        follow_up = follow_ups.get(q.question_id)
        out[q.question_id] = combined_score(
            float(q.score["overall"]),
            float(follow_up.score["overall"]) if follow_up and follow_up.score else None,
        )
    return out


def _delivery_summary(asked: Sequence[AskedQuestion]) -> DeliverySummary | None:
    spoken = [DeliveryMetrics.model_validate(q.delivery) for q in asked if q.delivery]
    if not spoken:
        return None
    speaking = sum(d.speaking_s for d in spoken)
    duration = sum(d.duration_s for d in spoken)
    minutes = max(speaking / 60.0, 1e-9)
    fillers = sum(d.filler_words for d in spoken)
    return DeliverySummary(
        spoken_answers=len(spoken),
        words_per_minute=round(sum(d.words for d in spoken) / minutes, 1),
        fillers_per_minute=round(fillers / minutes, 2),
        filler_words=fillers,
        long_pauses=sum(d.long_pauses for d in spoken),
        longest_pause_s=max(d.longest_pause_s for d in spoken),
        speaking_s=round(speaking, 1),
        thinking_s=round(max(0.0, duration - speaking), 1),
    )


def build_report(facts: InterviewFacts, asked: Sequence[AskedQuestion]) -> InterviewReport:
    scores = question_scores(asked)
    scored = [q for q in asked if q.score]
    main_scored = [q for q in scored if not q.is_follow_up]
    by_topic: dict[str, list[float]] = defaultdict(list)
    for q in main_scored:
        by_topic[q.topic].append(scores[q.question_id])

    def dimension(name: str) -> float | None:
        return _mean([float(q.score[name]) for q in scored if q.score])

    overall = _mean(list(scores.values()))
    strengths: list[str] = []
    improvements: list[str] = []
    plan: list[Improvement] = []
    for q in scored:
        assert q.score is not None
        for item in q.score.get("strengths", []):
            if item not in strengths:
                strengths.append(item)
        for item in q.score.get("improvements", []):
            if item not in improvements:
                improvements.append(item)
        texts = {kp["id"]: kp["text"] for kp in q.key_points}
        for missed in q.score.get("key_points_missed", []):
            text = texts.get(missed, missed)
            if all(p.text != text for p in plan):
                plan.append(
                    Improvement(
                        text=text,
                        topic=q.topic,
                        resources=[ResourceLink.model_validate(r) for r in q.resources],
                    )
                )

    def question_report(q: AskedQuestion) -> QuestionReport:
        texts = {kp["id"]: kp["text"] for kp in q.key_points}
        score = q.score or {}
        return QuestionReport(
            question_id=q.question_id,
            text=q.text,
            topic=q.topic,
            difficulty=q.difficulty,
            is_follow_up=q.is_follow_up,
            parent_question_id=q.parent_question_id,
            skipped=q.skipped,
            answer_id=q.answer_id,
            answer_text=q.answer_text,
            answer_mode=q.answer_mode,
            overall=score.get("overall"),
            correctness=score.get("correctness"),
            completeness=score.get("completeness"),
            clarity=score.get("clarity"),
            feedback=score.get("feedback"),
            strengths=list(score.get("strengths", [])),
            improvements=list(score.get("improvements", [])),
            key_points_covered=[texts.get(k, k) for k in score.get("key_points_covered", [])],
            key_points_missed=[texts.get(k, k) for k in score.get("key_points_missed", [])],
            question_score=scores.get(q.question_id),
            model_answer=q.model_answer,
            delivery=DeliveryMetrics.model_validate(q.delivery) if q.delivery else None,
            resources=[ResourceLink.model_validate(r) for r in q.resources],
            source=q.source,
        )

    return InterviewReport(
        interview_id=facts.interview_id,
        role=facts.role,
        seniority=facts.seniority,
        status=facts.status,
        interview_type=facts.interview_type,
        end_reason=facts.end_reason,
        question_count=facts.question_count,
        answered=len(main_scored),
        skipped=sum(1 for q in asked if q.skipped),
        started_at=facts.started_at,
        ended_at=facts.ended_at,
        overall=overall,
        correctness=dimension("correctness"),
        completeness=dimension("completeness"),
        clarity=dimension("clarity"),
        per_topic={topic: round(sum(v) / len(v), 1) for topic, v in by_topic.items()},
        questions=[question_report(q) for q in asked],
        strengths=strengths[:6],
        improvements=improvements[:6],
        improvement_plan=plan[:8],
        delivery=_delivery_summary(asked),
        trend=trend(overall, facts.previous_overall),
        previous_overall=facts.previous_overall,
        ratings=facts.ratings,
    )
