from __future__ import annotations

from intervox_scoring.domain.baseline import KeyPoint, clarity_score, score
from intervox_scoring.domain.rubric import overall

QUESTION = "What is an index in a relational database and what does it cost?"
MODEL = (
    "An index is a separate data structure, usually a B-tree, that lets the database find "
    "rows matching a condition without scanning the whole table, turning lookups from linear "
    "into logarithmic time. It costs extra storage and slows down inserts, updates and "
    "deletes, because every index must be maintained on each write."
)
POINTS = [
    KeyPoint(
        "lookup",
        "An index avoids a full table scan for lookups.",
        ["full table scan", "scan", "lookup", "faster reads"],
        3,
    ),
    KeyPoint(
        "btree",
        "Indexes are usually B-trees giving logarithmic search.",
        ["b-tree", "btree", "logarithmic", "balanced tree"],
        2,
    ),
    KeyPoint(
        "write-cost",
        "Indexes slow writes and use storage.",
        ["slower writes", "insert", "storage", "write overhead"],
        3,
    ),
]


def test_overall_uses_the_rubric_weights() -> None:
    assert overall(100, 0, 0) == 50.0
    assert overall(0, 100, 0) == 30.0
    assert overall(0, 0, 100) == 20.0


def test_a_good_answer_beats_a_partial_one_beats_an_off_topic_one() -> None:
    good = score(
        QUESTION,
        MODEL,
        POINTS,
        "An index is a B-tree that lets the database avoid a full table scan, so "
        "lookups become logarithmic. The cost is storage and slower inserts and "
        "updates, since each write must update every index.",
    )
    partial = score(
        QUESTION,
        MODEL,
        POINTS,
        "It makes lookups faster because the database does not scan everything.",
    )
    off = score(QUESTION, MODEL, POINTS, "I would use a message queue to decouple services.")
    assert good.overall > partial.overall > off.overall
    assert set(good.key_points_covered) == {"lookup", "btree", "write-cost"}
    assert "write-cost" in partial.key_points_missed
    assert off.key_points_covered == []


def test_repeating_the_question_is_not_an_answer() -> None:
    echoed = score(QUESTION, MODEL, POINTS, QUESTION)
    assert echoed.correctness < 30
    assert echoed.completeness == 0


def test_clarity_penalises_one_liners_and_rambling() -> None:
    assert clarity_score("Yes.") < 50
    assert clarity_score(" ".join(["word"] * 600) + ".") < clarity_score(MODEL)
