"""Graded-answer records (``question``, ``reference_answer``, ``answer``, optional
``key_points`` and ``kind``) as the scorer's input: shared by ``intervox-score``, the fit and
the bench."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from intervox_contracts.enums import QuestionKind
from pydantic import BaseModel, ConfigDict, Field

from intervox_scoring.domain.features import KeyPoint, reference_key_points
from intervox_scoring.domain.rubric import AnswerToScore


class GradedKeyPoint(BaseModel):
    id: str
    text: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    importance: int = Field(default=2, ge=1, le=3)


class GradedRecord(BaseModel):
    model_config = ConfigDict(extra="allow")

    question: str
    reference_answer: str = Field(min_length=1)
    answer: str
    key_points: list[GradedKeyPoint] | None = None
    kind: QuestionKind = QuestionKind.TECHNICAL


def to_item(record: GradedRecord) -> AnswerToScore:
    """Without key points, the reference answer's clauses stand in for them."""
    if record.key_points:
        points = [KeyPoint(k.id, k.text, k.keywords, k.importance) for k in record.key_points]
    else:
        points = reference_key_points(record.reference_answer)
    return AnswerToScore(
        question=record.question,
        model_answer=record.reference_answer,
        key_points=points,
        answer=record.answer,
        kind=record.kind,
    )


def item_from_mapping(raw: Mapping[str, Any]) -> AnswerToScore:
    return to_item(GradedRecord.model_validate(raw))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
