"""LLM-written questions: the schema a model must fill, the prompt, and the cache key.

A generated question obeys the same rules as a bank question (key points with keywords and
a follow-up each); anything else is rejected and the bank is used instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from intervox_contracts.enums import Difficulty, InterviewType, QuestionKind, Seniority
from pydantic import BaseModel, ConfigDict, Field

from intervox_engine.domain.bank import BankQuestion, KeyPoint, Resource


class GeneratedQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    difficulty: Difficulty
    kind: QuestionKind = QuestionKind.TECHNICAL
    prompt: str = Field(min_length=15, max_length=600)
    model_answer: str = Field(min_length=80, max_length=2500)
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    resources: list[Resource] = Field(default_factory=list, max_length=4)


class GeneratedPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    questions: list[GeneratedQuestion] = Field(min_length=1, max_length=30)


SYSTEM_PROMPT = (
    "You are a senior technical interviewer. Write interview questions that are correct, "
    "specific and worth asking, each with a model answer a strong candidate would give, "
    "3 to 6 key points a grader checks (each with 2-12 lower-case keywords and one follow-up "
    "question ending in '?', importance 1-3), and optional documentation links you are sure "
    "exist. Answer with JSON only, matching the schema you are given."
)


def cache_key(
    role: str,
    seniority: Seniority,
    interview_type: InterviewType,
    topics: Sequence[str],
    job_description: str | None,
) -> str:
    jd_hash = hashlib.sha256((job_description or "").strip().encode()).hexdigest()
    material = json.dumps(
        [role.strip().lower(), seniority.value, interview_type.value, sorted(topics), jd_hash]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def user_prompt(
    role: str,
    seniority: Seniority,
    interview_type: InterviewType,
    topics: Sequence[str],
    count: int,
    job_description: str | None,
) -> str:
    lines = [
        f"Role: {role}. Seniority: {seniority.value}. Interview type: {interview_type.value}.",
        f"Topics (use these ids verbatim in 'topic'): {', '.join(topics)}.",
        f"Write {count * 2} questions: for each topic, a spread of easy, medium and hard, so "
        "the interview can adapt its difficulty to the candidate.",
        "No two questions may test the same key point.",
    ]
    if job_description:
        lines.append(f"Tailor them to this job description:\n{job_description[:4000]}")
    lines.append("JSON schema:\n" + json.dumps(GeneratedPlan.model_json_schema()))
    return "\n".join(lines)


def to_bank_questions(
    plan: GeneratedPlan, topics: Sequence[str], source: str, seniority: Seniority
) -> list[BankQuestion]:
    """Validated, on-topic generated questions, shaped like bank questions."""
    out: list[BankQuestion] = []
    for question in plan.questions:
        if question.topic not in topics:
            continue
        digest = hashlib.sha256(question.prompt.encode()).hexdigest()[:12]
        out.append(
            BankQuestion(
                id=f"gen-{digest}",
                topic=question.topic,
                difficulty=question.difficulty,
                kind=question.kind,
                seniority=[seniority],
                prompt=question.prompt,
                model_answer=question.model_answer,
                key_points=question.key_points,
                resources=question.resources,
                tags=[source],
            )
        )
    return out
