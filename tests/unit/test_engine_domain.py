from __future__ import annotations

import itertools
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
from intervox_contracts.enums import (
    Difficulty,
    EndReason,
    InterviewStatus,
    InterviewType,
    Seniority,
)
from intervox_engine.domain import flow, planner, ratings
from intervox_engine.domain.bank import load_bank
from intervox_engine.domain.report import AskedQuestion, InterviewFacts, build_report


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


def _asked(
    qid: str,
    overall: float | None,
    topic: str = "python",
    *,
    follow_up_of: str | None = None,
    missed: tuple[str, ...] = (),
) -> AskedQuestion:
    score = (
        None
        if overall is None
        else {
            "overall": overall,
            "correctness": overall,
            "completeness": overall,
            "clarity": overall,
            "feedback": "fb",
            "strengths": ["s"],
            "improvements": ["i"],
            "key_points_missed": list(missed),
            "key_points_covered": [],
        }
    )
    return AskedQuestion(
        question_id=qid,
        text="Q?",
        topic=topic,
        difficulty=Difficulty.EASY,
        is_follow_up=follow_up_of is not None,
        parent_question_id=follow_up_of,
        skipped=overall is None,
        answer_id=None,
        answer_text=None if overall is None else "A.",
        answer_mode=None,
        model_answer="Model.",
        key_points=[{"id": "kp", "text": "The key idea.", "keywords": ["k"], "importance": 3}],
        score=score,
        delivery=None,
        resources=[{"title": "Docs", "url": "https://example.org/docs"}],
    )


def _facts(previous: list[float]) -> InterviewFacts:
    now = datetime.now(UTC)
    return InterviewFacts(
        uuid.uuid4(),
        "Dev",
        Seniority.MID,
        InterviewType.TECHNICAL,
        InterviewStatus.COMPLETED,
        EndReason.FINISHED,
        3,
        now,
        now,
        previous,
        {"python": 1210.0},
    )


def test_report_counts_follow_ups_toward_their_question() -> None:
    report = build_report(
        _facts([]),
        [
            _asked("q1", 40, missed=("kp",)),
            _asked("q1-f1", 90, follow_up_of="q1"),
            _asked("q2", None),
            _asked("q3", 60, "sql"),
        ],
    )
    # q1: max(40, 0.6*40 + 0.4*90) = 60; q3: 60 → overall 60; q2 skipped.
    assert report.overall == 60.0
    assert report.per_topic == {"python": 60.0, "sql": 60.0}
    assert [q.skipped for q in report.questions] == [False, False, True, False]
    assert report.questions[0].question_score == 60.0
    assert report.questions[0].key_points_missed == ["The key idea."]
    assert report.improvement_plan[0].resources[0].url == "https://example.org/docs"
    assert report.trend == "first"


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ([50.0, 52.0], "improving"),
        ([75.0, 80.0], "declining"),
        ([58.0, 62.0], "consistent"),
    ],
)
def test_trend_against_previous_sessions(previous: list[float], expected: str) -> None:
    assert build_report(_facts(previous), [_asked("q1", 60)]).trend == expected


@pytest.mark.parametrize(
    ("words", "completeness", "missed", "expects"),
    [
        (80, 100.0, [], None),
        (80, 80.0, ["minor"], None),
        (80, 80.0, ["core"], "core"),
        (10, 90.0, ["minor"], "minor"),
        (80, 40.0, ["minor", "mid"], "mid"),
    ],
)
def test_follow_up_probes_the_most_important_missed_point(
    words: int, completeness: float, missed: list[str], expects: str | None
) -> None:
    points = [
        flow.KeyPointInfo("core", "Core.", "Why core?", 3),
        flow.KeyPointInfo("mid", "Mid.", "Why mid?", 2),
        flow.KeyPointInfo("minor", "Minor.", "Why minor?", 1),
    ]
    chosen = flow.choose_follow_up(points, missed, completeness, words)
    assert (chosen.id if chosen else None) == expects


def test_the_follow_ups_spoken_ahead_are_those_an_answer_would_earn_first() -> None:
    points = [
        flow.KeyPointInfo("a", "A.", "Why a?", 2),
        flow.KeyPointInfo("core", "Core.", "Why core?", 3),
        flow.KeyPointInfo("b", "B.", "Why b?", 2),
        flow.KeyPointInfo("minor", "Minor.", "Why minor?", 1),
    ]
    ranked = flow.likely_follow_ups(points, limit=len(points))
    assert ranked == ["Why core?", "Why a?", "Why b?", "Why minor?"]
    assert flow.likely_follow_ups(points, limit=2) == ["Why core?", "Why a?"]
    # Whatever the answer missed, the follow-up asked is the first of those missed in the
    # spoken-ahead order.
    for size in range(1, len(points) + 1):
        for missed in itertools.combinations([p.id for p in points], size):
            chosen = flow.choose_follow_up(points, missed, 10.0, 5)
            assert chosen is not None
            by_id = {p.id: p.follow_up for p in points}
            assert chosen.follow_up == next(f for f in ranked if f in {by_id[m] for m in missed})


def test_follow_up_can_only_help_its_question() -> None:
    assert flow.combined_score(40, 90) == 60.0
    assert flow.combined_score(70, 10) == 70.0
    assert flow.combined_score(70, None) == 70.0


def test_ratings_move_with_results_against_the_question_difficulty() -> None:
    start = ratings.INITIAL_RATING
    assert ratings.updated_rating(start, Difficulty.HARD, 90) > start + 15
    assert ratings.updated_rating(start, Difficulty.EASY, 20) < start - 15
    assert ratings.difficulty_for(1050) is Difficulty.EASY
    assert ratings.difficulty_for(1350) is Difficulty.HARD


def test_no_two_questions_on_the_same_key_point(bank) -> None:  # type: ignore[no-untyped-def]
    topic = "python"
    first = planner.choose_question(
        bank,
        interview_type=InterviewType.TECHNICAL,
        topic=topic,
        difficulty=Difficulty.EASY,
        exclude_ids=set(),
        seed=1,
    )
    asked = [planner.AskedPoint(kp.text, tuple(kp.keywords)) for kp in first.key_points]
    for seed in range(5):
        second = planner.choose_question(
            bank,
            interview_type=InterviewType.TECHNICAL,
            topic=topic,
            difficulty=Difficulty.EASY,
            exclude_ids={first.id},
            asked_points=asked,
            seed=seed,
        )
        assert not any(
            planner.same_key_point(kp.text, kp.keywords, a.text, a.keywords)
            for kp in second.key_points
            for a in asked
        )


def test_recent_sessions_questions_are_avoided(bank) -> None:  # type: ignore[no-untyped-def]
    easy = [q.id for q in bank.for_topic("python") if q.difficulty is Difficulty.EASY]
    chosen = planner.choose_question(
        bank,
        interview_type=InterviewType.TECHNICAL,
        topic="python",
        difficulty=Difficulty.EASY,
        exclude_ids=set(),
        recently_seen=set(easy[:-1]),
        seed=3,
    )
    assert chosen.id == easy[-1]
