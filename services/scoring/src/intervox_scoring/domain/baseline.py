"""The baseline offline scorer: lexical overlap with the model answer and its key points.

It needs no model and is deterministic. Correctness is the similarity of the answer's
content words to the model answer's; completeness is the importance-weighted share of key
points whose keywords appear; clarity looks at length and sentence structure. The
calibrated embedding scorer of the intelligence work replaces it as the default.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from intervox_scoring.domain.rubric import RubricScore
from intervox_scoring.domain.text import content_stems, sentences, tokens


@dataclass(frozen=True)
class KeyPoint:
    id: str
    text: str
    keywords: Sequence[str]
    importance: int = 2


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def key_point_covered(answer_stems: set[str], answer_text: str, point: KeyPoint) -> bool:
    lowered = answer_text.lower()
    for keyword in point.keywords:
        words = content_stems(keyword)
        if not words:
            continue
        if len(words) == 1 and words[0] in answer_stems:
            return True
        if len(words) > 1 and (keyword.lower() in lowered or set(words) <= answer_stems):
            return True
    point_stems = set(content_stems(point.text))
    return bool(point_stems) and len(point_stems & answer_stems) / len(point_stems) >= 0.6


def clarity_score(answer: str) -> float:
    words = tokens(answer)
    n = len(words)
    if n == 0:
        return 0.0
    # Length: too short to explain anything, or rambling, both cost.
    if n < 15:
        length: float = 25.0 + 3 * n
    elif n <= 250:
        length = 100.0
    else:
        length = max(50.0, 100 - (n - 250) / 5)
    parts = sentences(answer)
    avg = n / max(1, len(parts))
    structure = 100.0 if 6 <= avg <= 35 else 70.0
    return round(min(100.0, 0.7 * length + 0.3 * structure), 1)


def score(
    question: str, model_answer: str, key_points: Sequence[KeyPoint], answer: str
) -> RubricScore:
    answer_stems_list = content_stems(answer)
    answer_stems = set(answer_stems_list)
    reference = Counter(content_stems(model_answer))
    # The question's own words earn nothing: repeating the question is not an answer.
    question_stems = set(content_stems(question))
    given = Counter(s for s in answer_stems_list if s not in question_stems)
    similarity = _cosine(
        given, Counter({k: v for k, v in reference.items() if k not in question_stems})
    )

    covered = [kp for kp in key_points if key_point_covered(answer_stems, answer, kp)]
    missed = [kp for kp in key_points if kp not in covered]
    total_weight = sum(kp.importance for kp in key_points) or 1
    completeness = 100.0 * sum(kp.importance for kp in covered) / total_weight

    # Cosine of bag-of-words rarely exceeds ~0.6 for a good paraphrase: stretch it.
    correctness = min(100.0, 100.0 * math.sqrt(min(1.0, similarity / 0.55)))
    correctness = 0.6 * correctness + 0.4 * completeness
    clarity = clarity_score(answer)
    n_words = len(tokens(answer))

    strengths = [f"Covered: {kp.text}" for kp in covered[:3]]
    improvements = [f"Address: {kp.text}" for kp in sorted(missed, key=lambda k: -k.importance)[:3]]
    if n_words < 15:
        improvements.append("Give a fuller answer: explain the why, not only the what.")
    if covered and not missed:
        feedback = "Complete answer: every key point is there."
    elif covered:
        feedback = (
            f"You covered {len(covered)} of {len(key_points)} key points. "
            f"Missing: {'; '.join(kp.text for kp in missed[:2])}"
        )
    else:
        feedback = "The answer does not reach the key points yet. " + (
            f"Start with: {missed[0].text}" if missed else ""
        )
    confidence = round(min(0.9, 0.35 + n_words / 200), 2)
    return RubricScore(
        correctness=round(correctness, 1),
        completeness=round(completeness, 1),
        clarity=clarity,
        feedback=feedback,
        confidence=confidence,
        key_points_covered=[kp.id for kp in covered],
        key_points_missed=[kp.id for kp in missed],
        strengths=strengths,
        improvements=improvements,
    )
