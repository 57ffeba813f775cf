"""The rubric every scorer fills in, and the weights that make the overall score."""

from __future__ import annotations

from dataclasses import dataclass, field

WEIGHTS = {"correctness": 0.5, "completeness": 0.3, "clarity": 0.2}


def overall(correctness: float, completeness: float, clarity: float) -> float:
    return round(
        WEIGHTS["correctness"] * correctness
        + WEIGHTS["completeness"] * completeness
        + WEIGHTS["clarity"] * clarity,
        1,
    )


@dataclass(frozen=True)
class RubricScore:
    correctness: float
    completeness: float
    clarity: float
    feedback: str
    confidence: float
    key_points_covered: list[str] = field(default_factory=list)
    key_points_missed: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)

    @property
    def overall(self) -> float:
        return overall(self.correctness, self.completeness, self.clarity)
