"""Word error rate, for tests and benchmarks: (substitutions + deletions + insertions) / N."""

from __future__ import annotations

import re

_NUMBERS = {
    "0": "zero",
    "1": "one",
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
    "10": "ten",
}


def normalize_words(text: str) -> list[str]:
    """Lower case, no punctuation, hyphens split, small numbers spelled out."""
    text = text.lower().replace("-", " ").replace("/", " ")
    text = re.sub(r"[^\w\s'+#]", " ", text)
    return [_NUMBERS.get(w, w) for w in text.split()]


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref = normalize_words(reference)
    hyp = normalize_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(
                previous[j] + 1,  # deletion
                current[j - 1] + 1,  # insertion
                previous[j - 1] + (r != h),  # substitution
            )
        previous = current
    return previous[-1] / len(ref)
