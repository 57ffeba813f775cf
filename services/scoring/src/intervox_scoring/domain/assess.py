"""From features to the rubric: correctness from the calibrated model, completeness from
key-point coverage (and STAR for behavioral answers), clarity from ``clarity.py``; then the
feedback a candidate reads."""

from __future__ import annotations

import dataclasses

from intervox_contracts.enums import QuestionKind

from intervox_scoring.domain.calibration import SCALE_MAX, Calibration
from intervox_scoring.domain.clarity import assess_clarity
from intervox_scoring.domain.features import AnswerFeatures, KeyPoint
from intervox_scoring.domain.rubric import AnswerToScore, RubricScore
from intervox_scoring.domain.star import ADVICE, detect_star

SHORT_ANSWER_WORDS = 8


def covered_key_points(
    features: AnswerFeatures, key_points: list[KeyPoint], threshold: float | None
) -> list[bool]:
    """A key point is covered when a keyword names it or, with embeddings, when the answer
    expresses it in words of its own (strict alignment recall at or above the calibrated
    threshold)."""
    return [
        hit or (threshold is not None and evidence >= threshold)
        for hit, evidence in zip(
            features.key_point_keyword_hit, features.key_point_evidence, strict=True
        )
    ]


def confidence(features: AnswerFeatures, calibration: Calibration, embedding: bool) -> float:
    """How far to trust this score: the model's cross-validated error, less for answers too
    short to judge and when meaning and wording disagree."""
    error = calibration.embedding_rmse if embedding else calibration.lexical_rmse
    value = 1.0 - error / (SCALE_MAX / 2)
    if features.answer_words < SHORT_ANSWER_WORDS:
        value -= 0.15
    if embedding:
        inputs = features.as_model_inputs()
        gap = abs(calibration.embedding.predict(inputs) - calibration.lexical.predict(inputs))
        value -= 0.1 * gap
    return round(min(0.95, max(0.05, value)), 2)


def assess(
    item: AnswerToScore,
    features: AnswerFeatures,
    calibration: Calibration,
    *,
    embedding: bool,
    scorer: str,
) -> RubricScore:
    key_points = list(item.key_points)
    clarity = assess_clarity(item.answer, item.kind, item.delivery)
    if features.answer_words == 0:
        return RubricScore(
            correctness=0.0,
            completeness=0.0,
            clarity=0.0,
            feedback="No answer was given.",
            confidence=0.95,
            scorer=scorer,
            key_points_missed=[kp.id for kp in key_points],
            improvements=clarity.improvements,
        )
    head = calibration.embedding if embedding else calibration.lexical
    inputs = features.as_model_inputs()
    correctness = head.correctness(inputs)
    flags = covered_key_points(
        features, key_points, calibration.key_point_threshold if embedding else None
    )
    covered = [kp for kp, ok in zip(key_points, flags, strict=True) if ok]
    missed = [kp for kp, ok in zip(key_points, flags, strict=True) if not ok]
    weight = sum(kp.importance for kp in key_points)
    completeness = 100.0 * sum(kp.importance for kp in covered) / weight if weight else correctness

    strengths = [f"Covered: {kp.text}" for kp in covered[:3]]
    improvements = [f"Address: {kp.text}" for kp in sorted(missed, key=lambda k: -k.importance)[:3]]
    star = None
    if item.kind == QuestionKind.BEHAVIORAL:
        star = detect_star(item.answer)
        # A behavioral answer is complete when it tells the whole story, not only when it
        # names the points.
        completeness = (
            0.5 * completeness + 0.5 * 100.0 * star.share if key_points else (100.0 * star.share)
        )
        if len(star.present) >= 3:
            strengths.append(
                "Clear STAR story: "
                + ", ".join(star.present)
                + ("" if star.ordered else " (reorder it)")
            )
        improvements.extend(ADVICE[c] for c in star.missing)
    strengths.extend(clarity.strengths)
    improvements.extend(clarity.improvements)

    result = RubricScore(
        correctness=round(correctness, 1),
        completeness=round(completeness, 1),
        clarity=clarity.score,
        feedback="",
        confidence=confidence(features, calibration, embedding),
        scorer=scorer,
        key_points_covered=[kp.id for kp in covered],
        key_points_missed=[kp.id for kp in missed],
        strengths=strengths,
        improvements=improvements,
        star=star,
        predicted_score=round(head.predict(inputs), 3),
    )
    return _with_feedback(result, covered, missed, key_points)


def _with_feedback(
    result: RubricScore, covered: list[KeyPoint], missed: list[KeyPoint], key_points: list[KeyPoint]
) -> RubricScore:
    score = result.overall
    if score >= 80:
        opening = "Strong answer."
    elif score >= 60:
        opening = "Solid answer with gaps."
    elif score >= 40:
        opening = "Partly there."
    else:
        opening = "This answer misses the core of the question."
    parts = [opening]
    if key_points:
        if not missed:
            parts.append(f"You covered all {len(key_points)} key points.")
        else:
            top = sorted(missed, key=lambda k: -k.importance)[:2]
            parts.append(
                f"You covered {len(covered)} of {len(key_points)} key points; "
                f"missing: {'; '.join(kp.text.rstrip('.') for kp in top)}."
            )
    if result.star is not None and result.star.missing:
        parts.append("Your story lacks: " + ", ".join(result.star.missing) + ".")
    if result.clarity < 60 and result.improvements:
        parts.append(result.improvements[-1])
    return dataclasses.replace(result, feedback=" ".join(parts))
