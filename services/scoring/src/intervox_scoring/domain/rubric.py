"""The rubric every scorer fills in, and the weights that make the overall score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from intervox_contracts.enums import QuestionKind
from intervox_contracts.events import DeliveryMetrics

from intervox_scoring.domain.features import KeyPoint
from intervox_scoring.domain.star import Star

WEIGHTS = {"correctness": 0.5, "completeness": 0.3, "clarity": 0.2}


def overall(correctness: float, completeness: float, clarity: float) -> float:
    return round(
        WEIGHTS["correctness"] * correctness
        + WEIGHTS["completeness"] * completeness
        + WEIGHTS["clarity"] * clarity,
        1,
    )


@dataclass(frozen=True)
class AnswerToScore:
    question: str
    model_answer: str
    key_points: Sequence[KeyPoint]
    answer: str
    kind: QuestionKind = QuestionKind.TECHNICAL
    delivery: DeliveryMetrics | None = None


@dataclass(frozen=True)
class RubricScore:
    correctness: float
    completeness: float
    clarity: float
    feedback: str
    confidence: float
    scorer: str
    key_points_covered: list[str] = field(default_factory=list)
    key_points_missed: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    star: Star | None = None
    # The calibrated model's estimate on the 0–5 scale of graded short-answer data (the
    # figure the bench measures); correctness is its interview-scale counterpart.
    predicted_score: float = 0.0

    @property
    def overall(self) -> float:
        return overall(self.correctness, self.completeness, self.clarity)
