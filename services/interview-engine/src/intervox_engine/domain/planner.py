"""Choosing questions: which topics, in what order, and which bank question for a turn.

Pure functions of the bank and the request; randomness comes from a seed (the interview id),
so a plan is reproducible and testable.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from intervox_contracts.enums import Difficulty, InterviewType, QuestionKind, Seniority

from intervox_engine.domain.bank import BankQuestion, QuestionBank

KINDS_FOR_TYPE: dict[InterviewType, frozenset[QuestionKind]] = {
    InterviewType.TECHNICAL: frozenset({QuestionKind.TECHNICAL}),
    InterviewType.BEHAVIORAL: frozenset({QuestionKind.BEHAVIORAL}),
    InterviewType.SYSTEM_DESIGN: frozenset({QuestionKind.SYSTEM_DESIGN}),
    InterviewType.MIXED: frozenset(QuestionKind),
}

STARTING_DIFFICULTY: dict[Seniority, Difficulty] = {
    Seniority.INTERN: Difficulty.EASY,
    Seniority.JUNIOR: Difficulty.EASY,
    Seniority.MID: Difficulty.MEDIUM,
    Seniority.SENIOR: Difficulty.MEDIUM,
    Seniority.STAFF: Difficulty.HARD,
}


class NoQuestionsError(LookupError):
    """Nothing in the bank fits the request (e.g. an unknown topic with no fallback)."""


def eligible(
    bank: QuestionBank, interview_type: InterviewType, topics: Collection[str]
) -> list[BankQuestion]:
    kinds = KINDS_FOR_TYPE[interview_type]
    pool = [q for q in bank.questions if q.kind in kinds]
    chosen = [q for q in pool if q.topic in topics] if topics else pool
    # Topics the bank does not cover yet fall back to the whole pool rather than failing.
    return chosen or pool


def plan_topics(
    bank: QuestionBank,
    interview_type: InterviewType,
    topics: Sequence[str],
    count: int,
    seed: int,
) -> list[str]:
    """The topic of each main question: round-robin over the requested topics, shuffled."""
    pool = eligible(bank, interview_type, topics)
    if not pool:
        raise NoQuestionsError("the question bank has no question for this interview type")
    available = sorted({q.topic for q in pool})
    ordered = [t for t in topics if t in available] or available
    rng = random.Random(seed)
    if not topics:
        rng.shuffle(ordered)
        ordered = ordered[: max(1, min(len(ordered), count))]
    plan: list[str] = []
    while len(plan) < count:
        round_ = list(ordered)
        rng.shuffle(round_)
        plan.extend(round_)
    return plan[:count]


def same_key_point(
    a_text: str, a_keywords: Collection[str], b_text: str, b_keywords: Collection[str]
) -> bool:
    """Two key points test the same idea when their texts match or their keywords mostly do."""
    if a_text.strip().lower() == b_text.strip().lower():
        return True
    a, b = {k.lower() for k in a_keywords}, {k.lower() for k in b_keywords}
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


@dataclass(frozen=True)
class AskedPoint:
    text: str
    keywords: tuple[str, ...]


def choose_question(
    bank: QuestionBank,
    *,
    interview_type: InterviewType,
    topic: str,
    difficulty: Difficulty,
    exclude_ids: Collection[str],
    asked_points: Collection[AskedPoint] = (),
    recently_seen: Collection[str] = (),
    seniority: Seniority | None = None,
    seed: int,
) -> BankQuestion:
    """A bank question on ``topic`` at ``difficulty`` (else the nearest), never one already
    asked in this session, avoiding (in this order of priority) questions that test a key
    point already covered this session, questions from the user's recent sessions, and
    questions meant for another seniority."""
    pool = [q for q in eligible(bank, interview_type, [topic]) if q.id not in exclude_ids]
    if not pool:
        pool = [q for q in eligible(bank, interview_type, ()) if q.id not in exclude_ids]
    if not pool:
        raise NoQuestionsError("every eligible question was already asked")
    order = list(Difficulty)
    target = order.index(difficulty)
    rng = random.Random(seed)

    def overlaps(question: BankQuestion) -> bool:
        return any(
            same_key_point(kp.text, kp.keywords, point.text, point.keywords)
            for kp in question.key_points
            for point in asked_points
        )

    def rank(question: BankQuestion) -> tuple[int, int, int, int, int, float]:
        return (
            0 if question.topic == topic else 1,
            1 if overlaps(question) else 0,
            abs(order.index(question.difficulty) - target),
            1 if question.id in recently_seen else 0,
            0 if seniority is None or seniority in question.seniority else 1,
            rng.random(),
        )

    return min(pool, key=rank)
