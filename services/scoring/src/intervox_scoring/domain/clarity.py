"""Clarity: length for the kind of question, sentence structure, and — for spoken answers —
pace, filler words and long pauses. Rule-based (no graded data exists for it); every rule
leaves a note the candidate can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intervox_contracts.enums import QuestionKind
from intervox_contracts.events import DeliveryMetrics

from intervox_scoring.domain.text import sentences, tokens

# Words a complete answer usually needs, and past which it rambles, per kind of question.
LENGTH_BANDS: dict[QuestionKind, tuple[int, int]] = {
    QuestionKind.TECHNICAL: (30, 250),
    QuestionKind.SYSTEM_DESIGN: (60, 400),
    QuestionKind.BEHAVIORAL: (60, 350),
}
# Conversational pace; slower sounds hesitant, faster is hard to follow.
PACE_WPM = (110.0, 170.0)
FILLERS_PER_MINUTE_OK = 2.0
LONG_PAUSE_S = 6.0

_CONNECTIVES = re.compile(
    r"\b(because|so that|therefore|which means|this means|for example|for instance|e\.g\.|"
    r"first(ly)?|second(ly)?|then|finally|however|whereas|on the other hand|in short|"
    r"as a result|the trade-?off|instead)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Clarity:
    score: float
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)


def length_score(n_words: int, kind: QuestionKind) -> float:
    low, high = LENGTH_BANDS[kind]
    if n_words == 0:
        return 0.0
    if n_words < low:
        return 100.0 * float((n_words / low) ** 0.7)
    if n_words <= high:
        return 100.0
    return max(50.0, 100.0 - 50.0 * (n_words - high) / high)


def structure_score(text: str) -> tuple[float, bool]:
    """(score, uses connectives): sentences of readable length, reasoning linked."""
    n_words = len(tokens(text))
    if n_words == 0:
        return 0.0, False
    parts = sentences(text)
    lengths = [len(tokens(p)) for p in parts] or [n_words]
    average = n_words / len(lengths)
    score = 60.0
    if 6 <= average <= 30:
        score += 20
    elif average > 45:
        score -= 15  # one long run-on stream
    if max(lengths) > 60:
        score -= 10
    linked = bool(_CONNECTIVES.search(text))
    if linked or n_words < 25:  # a one-sentence answer needs no signposts
        score += 20
    return max(0.0, min(100.0, score)), linked


def delivery_score(delivery: DeliveryMetrics) -> tuple[float, list[str], list[str]]:
    strengths: list[str] = []
    improvements: list[str] = []
    wpm = delivery.words_per_minute
    low, high = PACE_WPM
    if wpm <= 0 or delivery.words == 0:
        return 0.0, strengths, ["Nothing was heard: check your microphone and speak up."]
    if low <= wpm <= high:
        pace = 100.0
        strengths.append(f"Good pace ({wpm:.0f} words per minute).")
    elif wpm > high:
        pace = max(30.0, 100.0 - 0.8 * (wpm - high))
        improvements.append(
            f"You spoke fast ({wpm:.0f} words per minute): slow down to about 130–160."
        )
    else:
        pace = max(30.0, 100.0 - 0.8 * (low - wpm))
        improvements.append(
            f"The pace was slow ({wpm:.0f} words per minute): aim for about 130–160."
        )
    fpm = delivery.fillers_per_minute
    if fpm <= FILLERS_PER_MINUTE_OK:
        fillers = 100.0
        if delivery.duration_s >= 20:
            strengths.append("Few filler words.")
    else:
        fillers = max(20.0, 100.0 - 12.0 * (fpm - FILLERS_PER_MINUTE_OK))
        top = sorted(delivery.filler_breakdown.items(), key=lambda kv: -kv[1])[:3]
        which = ", ".join(f"'{w}' ×{n}" for w, n in top)
        improvements.append(
            f"{delivery.filler_words} filler words ({fpm:.1f} a minute"
            + (f": {which}" if which else "")
            + "): pause silently instead."
        )
    pause_penalty = 15.0 * delivery.long_pauses + (
        15.0 if delivery.longest_pause_s > LONG_PAUSE_S else 0
    )
    pauses = max(20.0, 100.0 - pause_penalty)
    if delivery.long_pauses:
        improvements.append(
            f"{delivery.long_pauses} long pause(s), the longest {delivery.longest_pause_s:.1f} s: "
            "outline the answer in your head first, then speak."
        )
    return (pace + fillers + pauses) / 3, strengths, improvements


def assess_clarity(
    text: str, kind: QuestionKind, delivery: DeliveryMetrics | None = None
) -> Clarity:
    n_words = len(tokens(text))
    if n_words == 0:
        return Clarity(0.0, [], ["Give an answer: even a partial one earns points."])
    strengths: list[str] = []
    improvements: list[str] = []
    length = length_score(n_words, kind)
    low, high = LENGTH_BANDS[kind]
    if n_words < low:
        improvements.append(f"Say more ({n_words} words): explain why and how, with an example.")
    elif n_words > high:
        improvements.append(f"Be more concise ({n_words} words): lead with the key idea.")
    structure, linked = structure_score(text)
    if linked and n_words >= 25:
        strengths.append("Reasoning is linked (because, so, for example…).")
    text_score = 0.55 * length + 0.45 * structure
    if delivery is None:
        return Clarity(round(text_score, 1), strengths, improvements)
    spoken, spoken_strengths, spoken_improvements = delivery_score(delivery)
    return Clarity(
        round(0.6 * text_score + 0.4 * spoken, 1),
        strengths + spoken_strengths,
        improvements + spoken_improvements,
    )
