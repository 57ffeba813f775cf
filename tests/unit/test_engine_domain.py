from __future__ import annotations

import uuid
from collections import Counter

import pytest
from intervox_contracts.enums import Difficulty, InterviewStatus, InterviewType, Seniority
from intervox_engine.domain import flow, planner
from intervox_engine.domain.bank import load_bank
from intervox_engine.domain.report import AskedQuestion, build_report


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return load_bank()


def test_shipped_bank_is_valid_and_large_enough(bank) -> None:  # type: ignore[no-untyped-def]
    assert len(bank.questions) >= 30
    for question in bank.questions:
        assert 3 <= len(question.key_points) <= 6
        assert question.model_answer
        assert question.resources
        assert all(kp.follow_up.endswith("?") for kp in question.key_points)


@pytest.mark.parametrize(
    ("score", "start", "expected"),
    [
        (80, Difficulty.MEDIUM, Difficulty.HARD),
        (95, Difficulty.HARD, Difficulty.HARD),
        (79.9, Difficulty.MEDIUM, Difficulty.MEDIUM),
        (50, Difficulty.MEDIUM, Difficulty.MEDIUM),
        (49.9, Difficulty.MEDIUM, Difficulty.EASY),
        (10, Difficulty.EASY, Difficulty.EASY),
    ],
)
def test_difficulty_adapts_to_the_last_score(
    score: float, start: Difficulty, expected: Difficulty
) -> None:
    assert flow.adapt_difficulty(start, score) is expected


def test_answers_are_only_taken_for_the_current_open_question() -> None:
    ok = flow.check_answer(InterviewStatus.IN_PROGRESS, "q2", "q2", "asked")
    assert ok is None
    stale = flow.check_answer(InterviewStatus.IN_PROGRESS, "q2", "q1", "asked")
    assert stale is not None
    assert stale.code == "QUESTION_MISMATCH"
    twice = flow.check_answer(InterviewStatus.IN_PROGRESS, "q2", "q2", "answered")
    assert twice is not None
    assert twice.code == "ANSWER_ALREADY_SUBMITTED"
    over = flow.check_answer(InterviewStatus.COMPLETED, None, "q2", None)
    assert over is not None
    assert over.code == "INTERVIEW_FINISHED"
    assert flow.check_end(InterviewStatus.ABANDONED) is not None


def test_topic_plan_covers_requested_topics_evenly(bank) -> None:  # type: ignore[no-untyped-def]
    topics = sorted(bank.topics)[:2]
    plan = planner.plan_topics(bank, InterviewType.TECHNICAL, topics, 6, seed=7)
    assert Counter(plan) == {topics[0]: 3, topics[1]: 3}
    assert plan == planner.plan_topics(bank, InterviewType.TECHNICAL, topics, 6, seed=7)


def test_unknown_topic_falls_back_to_the_bank(bank) -> None:  # type: ignore[no-untyped-def]
    plan = planner.plan_topics(bank, InterviewType.TECHNICAL, ["cobol-on-mars"], 3, seed=1)
    assert len(plan) == 3
    assert all(t in bank.topics for t in plan)


def test_chosen_question_matches_topic_difficulty_and_is_never_repeated(bank) -> None:  # type: ignore[no-untyped-def]
    topic = "python" if "python" in bank.topics else sorted(bank.topics)[0]
    asked: set[str] = set()
    for i in range(5):
        question = planner.choose_question(
            bank,
            interview_type=InterviewType.TECHNICAL,
            topic=topic,
            difficulty=Difficulty.EASY,
            exclude_ids=asked,
            seed=i,
        )
        assert question.id not in asked
        assert question.topic == topic
        asked.add(question.id)
    easy = [q for q in bank.for_topic(topic) if q.difficulty is Difficulty.EASY]
    assert len(easy) >= 5 or any(q.difficulty is not Difficulty.EASY for q in easy)


def test_starting_difficulty_follows_seniority() -> None:
    assert planner.STARTING_DIFFICULTY[Seniority.JUNIOR] is Difficulty.EASY
    assert planner.STARTING_DIFFICULTY[Seniority.STAFF] is Difficulty.HARD


def test_report_averages_scored_answers_and_lists_every_question() -> None:
    def asked(qid: str, overall: float | None, topic: str = "python") -> AskedQuestion:
        scores = (
            None
            if overall is None
            else {
                "overall": overall,
                "correctness": overall,
                "completeness": overall,
                "clarity": overall,
            }
        )
        return AskedQuestion(
            qid,
            "Q?",
            topic,
            Difficulty.EASY,
            False,
            overall is None,
            None if overall is None else "A.",
            "Model.",
            scores,
            "fb" if scores else None,
            [],
            ["s"],
            ["i"],
        )

    report = build_report(
        uuid.uuid4(),
        "Dev",
        Seniority.MID,
        InterviewStatus.COMPLETED,
        [asked("q1", 80), asked("q2", None), asked("q3", 60, "sql")],
    )
    assert report.overall == 70.0
    assert report.per_topic == {"python": 80.0, "sql": 60.0}
    assert [q.skipped for q in report.questions] == [False, True, False]
