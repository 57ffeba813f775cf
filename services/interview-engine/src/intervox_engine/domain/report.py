"""The final report: pure aggregation of what was asked, answered and scored."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from intervox_contracts.enums import Difficulty, InterviewStatus, Seniority
from intervox_contracts.events import InterviewReport, QuestionReport


@dataclass(frozen=True)
class AskedQuestion:
    question_id: str
    text: str
    topic: str
    difficulty: Difficulty
    is_follow_up: bool
    skipped: bool
    answer_text: str | None
    model_answer: str
    scores: dict[str, float] | None
    feedback: str | None
    key_points_missed: list[str]
    strengths: list[str]
    improvements: list[str]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_report(
    interview_id: uuid.UUID,
    role: str,
    seniority: Seniority,
    status: InterviewStatus,
    asked: Sequence[AskedQuestion],
) -> InterviewReport:
    scored = [q for q in asked if q.scores is not None]
    by_topic: dict[str, list[float]] = defaultdict(list)
    for q in scored:
        assert q.scores is not None
        by_topic[q.topic].append(q.scores["overall"])

    def dimension(name: str) -> float | None:
        return _mean([q.scores[name] for q in scored if q.scores is not None])

    strengths: list[str] = []
    improvements: list[str] = []
    for q in scored:
        for item in q.strengths:
            if item not in strengths:
                strengths.append(item)
        for item in q.improvements:
            if item not in improvements:
                improvements.append(item)

    return InterviewReport(
        interview_id=interview_id,
        role=role,
        seniority=seniority,
        status=status,
        overall=dimension("overall"),
        correctness=dimension("correctness"),
        completeness=dimension("completeness"),
        clarity=dimension("clarity"),
        per_topic={topic: round(sum(v) / len(v), 1) for topic, v in by_topic.items()},
        questions=[
            QuestionReport(
                question_id=q.question_id,
                text=q.text,
                topic=q.topic,
                difficulty=q.difficulty,
                is_follow_up=q.is_follow_up,
                skipped=q.skipped,
                answer_text=q.answer_text,
                overall=q.scores["overall"] if q.scores else None,
                correctness=q.scores["correctness"] if q.scores else None,
                completeness=q.scores["completeness"] if q.scores else None,
                clarity=q.scores["clarity"] if q.scores else None,
                feedback=q.feedback,
                key_points_missed=q.key_points_missed,
                model_answer=q.model_answer,
            )
            for q in asked
        ],
        strengths=strengths[:6],
        improvements=improvements[:6],
    )
