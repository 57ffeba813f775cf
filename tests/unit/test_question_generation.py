"""LLM-written questions must obey the bank's rules, or the bank is used."""

from __future__ import annotations

import pytest
from intervox_contracts.enums import Difficulty, InterviewType, Seniority
from intervox_engine.domain.generation import (
    GeneratedPlan,
    cache_key,
    to_bank_questions,
    user_prompt,
)
from pydantic import ValidationError


def plan(topic: str = "python", **overrides: object) -> dict[str, object]:
    question = {
        "topic": topic,
        "difficulty": "medium",
        "kind": "technical",
        "prompt": "How does Python's garbage collector deal with reference cycles?",
        "model_answer": "CPython frees most objects by reference counting; cycles are found by "
        "a generational collector that looks for groups of objects only "
        "referenced by each other and frees them.",
        "key_points": [
            {
                "id": f"kp{i}",
                "text": f"Key point number {i} of the answer.",
                "keywords": ["cycle", f"word{i}"],
                "follow_up": f"Can you say more about {i}?",
                "importance": 3 if i == 0 else 2,
            }
            for i in range(3)
        ],
    } | overrides
    return {"questions": [question]}


def test_valid_plan_becomes_bank_shaped_questions_with_their_source() -> None:
    questions = to_bank_questions(
        GeneratedPlan.model_validate(plan()), ["python"], "llm:test-model", Seniority.MID
    )
    assert len(questions) == 1
    assert questions[0].id.startswith("gen-")
    assert questions[0].tags == ["llm:test-model"]
    assert questions[0].difficulty is Difficulty.MEDIUM


def test_off_topic_questions_are_dropped() -> None:
    questions = to_bank_questions(
        GeneratedPlan.model_validate(plan("cobol")), ["python"], "llm:x", Seniority.MID
    )
    assert questions == []


@pytest.mark.parametrize(
    "bad",
    [
        {"key_points": []},
        {"prompt": "Why?"},
        {"difficulty": "impossible"},
        {"unexpected": "field"},
    ],
)
def test_output_that_breaks_the_schema_is_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        GeneratedPlan.model_validate(plan(**bad))


def test_cache_key_ignores_topic_order_and_case_but_not_the_jd() -> None:
    a = cache_key(
        "Backend Engineer", Seniority.MID, InterviewType.TECHNICAL, ["sql", "python"], "JD one"
    )
    b = cache_key(
        "backend engineer ", Seniority.MID, InterviewType.TECHNICAL, ["python", "sql"], "JD one"
    )
    c = cache_key(
        "backend engineer", Seniority.MID, InterviewType.TECHNICAL, ["python", "sql"], "JD two"
    )
    assert a == b != c


def test_prompt_names_topics_and_includes_the_schema() -> None:
    text = user_prompt(
        "SRE",
        Seniority.SENIOR,
        InterviewType.TECHNICAL,
        ["observability-sre"],
        5,
        "On-call for Kubernetes clusters.",
    )
    assert "observability-sre" in text
    assert "Kubernetes" in text
    assert '"key_points"' in text
