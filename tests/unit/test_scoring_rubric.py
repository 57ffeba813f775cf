"""Pure parts of scoring: clarity and delivery, STAR, the calibrated model's fitting,
pseudo key points, and the LLM judge's grounding rules."""

from __future__ import annotations

from intervox_contracts.enums import QuestionKind
from intervox_contracts.events import DeliveryMetrics
from intervox_scoring.domain.calibration import (
    balanced_threshold,
    cross_validate,
    fit_head,
    grouped_folds,
    pearson,
)
from intervox_scoring.domain.clarity import assess_clarity, length_score
from intervox_scoring.domain.features import KeyPoint, reference_key_points
from intervox_scoring.domain.rubric import AnswerToScore
from intervox_scoring.domain.star import detect_star
from intervox_scoring.providers.llm_judge import (
    JudgeVerdict,
    KeyPointVerdict,
    LLMJudge,
    QuotedStrength,
    StarVerdict,
    grounded,
)

CLEAR = (
    "A process has its own address space, while threads share the memory of their process. "
    "Because of that, threads are cheaper to create and switch, but a bug in one thread can "
    "corrupt the others. For example, a web server often uses a thread pool for requests."
)


def delivery(**kw: float) -> DeliveryMetrics:
    base = dict(
        duration_s=60.0,
        speaking_s=55.0,
        words=140,
        words_per_minute=140.0,
        filler_words=1,
        fillers_per_minute=1.0,
        long_pauses=0,
        longest_pause_s=1.0,
    )
    base.update(kw)
    return DeliveryMetrics(**base)  # type: ignore[arg-type]


def test_clarity_penalises_one_liners_and_rambling() -> None:
    kind = QuestionKind.TECHNICAL
    assert assess_clarity("Yes.", kind).score < 50
    rambling = " ".join(["and then it does the thing"] * 80)
    assert assess_clarity(rambling, kind).score < assess_clarity(CLEAR, kind).score
    assert assess_clarity("", kind).score == 0
    assert length_score(10, kind) < length_score(30, kind) == 100


def test_spoken_delivery_counts_in_clarity() -> None:
    kind = QuestionKind.TECHNICAL
    calm = assess_clarity(CLEAR, kind, delivery())
    rushed = assess_clarity(CLEAR, kind, delivery(words_per_minute=230.0))
    fillers = assess_clarity(
        CLEAR,
        kind,
        delivery(filler_words=14, fillers_per_minute=14.0, filler_breakdown={"um": 9, "like": 5}),
    )
    pauses = assess_clarity(CLEAR, kind, delivery(long_pauses=3, longest_pause_s=9.0))
    assert calm.score > max(rushed.score, fillers.score, pauses.score)
    assert any("Good pace" in s for s in calm.strengths)
    assert any("230 words per minute" in i for i in rushed.improvements)
    assert any("'um' ×9" in i for i in fillers.improvements)
    assert any("3 long pause" in i for i in pauses.improvements)


def test_star_components_are_found_with_their_evidence() -> None:
    story = (
        "Last year our team was behind on a launch. My goal was to get the API ready in two "
        "weeks. I split the work, paired with a junior engineer and cut the scope. "
        "As a result we shipped on time and error rates dropped by 40%."
    )
    star = detect_star(story)
    assert star.present == ["situation", "task", "action", "result"]
    assert star.ordered
    assert "40%" in star.evidence["result"]
    vague = detect_star("I am a team player and I always communicate well.")
    assert vague.present == []
    assert vague.share == 0


def test_reference_clauses_stand_in_for_key_points() -> None:
    points = reference_key_points(
        "A stack is LIFO and a queue is FIFO; both support constant-time insertion."
    )
    assert [p.text for p in points] == [
        "A stack is LIFO",
        "a queue is FIFO",
        "both support constant-time insertion",
    ]
    assert [p.id for p in points] == ["kp1", "kp2", "kp3"]
    assert reference_key_points("It is.")[0].text == "It is."


def test_ridge_recovers_a_monotone_relation_and_folds_keep_questions_whole() -> None:
    inputs = [{"x": i / 100} for i in range(100)]
    targets = [5 * (i / 100) ** 0.5 for i in range(100)]  # linear in sqrt(x)
    head = fit_head(inputs, targets, ["x"], l2=0.0)
    assert abs(head.predict({"x": 0.25}) - 2.5) < 1e-6
    groups = [f"q{i % 7}" for i in range(100)]
    folds = grouped_folds(groups, 5)
    for g in set(groups):
        assert len({f for f, gg in zip(folds, groups, strict=True) if gg == g}) == 1
    assert len(set(folds)) == 5
    predictions = cross_validate(inputs, targets, groups, ["x"], l2=0.0, k=5)
    assert pearson(predictions, targets) > 0.99


def test_balanced_threshold_separates_the_classes() -> None:
    values = [0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9]
    labels = [False, False, False, True, True, True, True]
    assert 0.3 < balanced_threshold(values, labels) <= 0.6


# ----------------------------------------------------------------------- LLM judge rules
class _NoClient:
    name = "stub:model"

    async def generate_json(self, *a: object, **k: object) -> object:  # pragma: no cover
        raise AssertionError("not called")

    async def aclose(self) -> None:  # pragma: no cover
        return None


ANSWER = (
    "An index is a B-tree, so lookups are logarithmic instead of a full scan. Writes get slower."
)
POINTS = [
    KeyPoint("lookup", "Avoids a full table scan.", (), 3),
    KeyPoint("btree", "Usually a B-tree.", (), 2),
    KeyPoint("storage", "Costs storage.", (), 1),
]


def judge() -> LLMJudge:
    return LLMJudge(_NoClient())  # type: ignore[arg-type]


def verdict(**kw: object) -> JudgeVerdict:
    base: dict[str, object] = dict(
        correctness=80,
        clarity=70,
        feedback="Good, but mention storage.",
        confidence=0.9,
        key_points=[
            KeyPointVerdict(id="lookup", covered=True, quote="instead of a full scan"),
            KeyPointVerdict(id="btree", covered=True, quote="An index is a B-tree"),
            KeyPointVerdict(id="storage", covered=True, quote="it uses extra disk space"),
        ],
        strengths=[QuotedStrength(point="Knows the structure", quote="is a B-tree")],
    )
    base.update(kw)
    return JudgeVerdict.model_validate(base)


def test_quotes_must_be_in_the_answer() -> None:
    assert grounded("instead of a FULL scan!", ANSWER)
    assert not grounded("uses extra disk space", ANSWER)
    assert not grounded("index", ANSWER)  # one word proves nothing
    assert not grounded(None, ANSWER)


def test_the_judge_only_credits_what_it_can_quote() -> None:
    item = AnswerToScore("What is an index?", "model", POINTS, ANSWER)
    result = judge().to_rubric(item, verdict())
    assert result.key_points_covered == ["lookup", "btree"]
    assert result.key_points_missed == ["storage"]  # its quote is invented
    assert result.completeness == round(100 * 5 / 6, 1)
    assert result.correctness == 80
    assert result.predicted_score == 4.0
    assert result.strengths == ['Knows the structure ("is a B-tree")']
    # One of four claims ungrounded: confidence 0.9 × (1 − 0.5 × 1/4).
    assert result.confidence == round(0.9 * (1 - 0.125), 2)
    assert result.scorer.startswith("llm-judge-")


def test_the_judge_blends_measured_delivery_and_grounded_star() -> None:
    story = (
        "At my last job our release was late. I was responsible for the fix. "
        "I set up a daily triage. As a result we shipped on time."
    )
    item = AnswerToScore(
        "Tell me about a deadline.",
        "model",
        [],
        story,
        QuestionKind.BEHAVIORAL,
        delivery(words_per_minute=230.0),
    )
    result = judge().to_rubric(
        item,
        verdict(
            key_points=[],
            strengths=[],
            clarity=90,
            star=StarVerdict(
                situation="At my last job our release was late",
                task="I was responsible for the fix",
                action="I set up a daily triage",
                result="we doubled revenue",  # not in the answer
            ),
        ),
    )
    assert result.star is not None
    assert result.star.missing == ["result"]
    assert result.completeness == 75.0
    assert result.clarity < 90  # 230 wpm is measured, not judged
    assert any("230 words per minute" in i for i in result.improvements)
