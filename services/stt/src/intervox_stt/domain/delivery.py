"""Delivery analytics of a spoken answer: pace, filler words, pauses, speaking vs thinking.

Computed from word timings alone, so every engine (local Whisper, Deepgram, OpenAI) gives
comparable figures. Definitions:

* a *gap* is silence between two words, or before the first / after the last one;
* *thinking time* is the sum of gaps of at least ``THINKING_GAP_S`` (shorter gaps are the
  breathing and phrasing of normal speech); *speaking time* is the rest;
* a *long pause* is a gap between two words of at least ``LONG_PAUSE_S``;
* *words per minute* is words over speaking time, so thinking does not read as slow speech.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from intervox_contracts.events import DeliveryMetrics

from intervox_stt.domain.transcript import Word

THINKING_GAP_S = 1.0
LONG_PAUSE_S = 2.0

# Fillers that are fillers wherever they appear.
_ALWAYS = {
    "um": "um",
    "umm": "um",
    "uhm": "um",
    "uh": "uh",
    "uhh": "uh",
    "er": "er",
    "erm": "er",
    "ah": "ah",
    "hmm": "hmm",
    "hm": "hmm",
    "mm": "hmm",
    "basically": "basically",
    "literally": "literally",
}
_PHRASES = {("you", "know"): "you know", ("i", "mean"): "i mean"}
# "like" is a filler when set off by commas ("it's, like, a queue") or opening a clause,
# not when it compares ("works like a queue") or follows a verb of liking or seeming.
_LIKE_VERBS = {
    "would",
    "i'd",
    "you'd",
    "we'd",
    "they'd",
    "looks",
    "look",
    "looked",
    "feel",
    "feels",
    "felt",
    "seem",
    "seems",
    "sounds",
    "sound",
    "something",
    "anything",
    "things",
    "just",
    "not",
    "don't",
    "didn't",
    "really",
    "i",
    "you",
    "we",
    "they",
}


def _token(raw: str) -> str:
    return re.sub(r"[^\w']", "", raw.lower())


def count_fillers(words: Sequence[str]) -> Counter[str]:
    """Filler words in a sequence of raw words (punctuation attached, as engines give)."""
    found: Counter[str] = Counter()
    tokens = [_token(w) for w in words]
    skip = False
    for i, raw in enumerate(words):
        if skip:
            skip = False
            continue
        token = tokens[i]
        if not token:
            continue
        if token in _ALWAYS:
            found[_ALWAYS[token]] += 1
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (token, following) in _PHRASES and (
            raw.endswith(",")
            or words[i + 1].rstrip().endswith((",", ".", "?"))
            or i + 2 >= len(words)
        ):
            found[_PHRASES[(token, following)]] += 1
            skip = True
            continue
        if token == "like":
            before = words[i - 1] if i > 0 else ""
            set_off = raw.endswith(",") or before.endswith((",", ".", "?", "!")) or i == 0
            if set_off and _token(before) not in _LIKE_VERBS:
                found["like"] += 1
    return found


def analyse(words: Sequence[Word], duration_s: float) -> DeliveryMetrics:
    duration = max(duration_s, words[-1].end_s if words else 0.0)
    gaps: list[float] = []
    inner: list[float] = []
    cursor = 0.0
    for index, word in enumerate(words):
        gap = max(0.0, word.start_s - cursor)
        gaps.append(gap)
        if index > 0:
            inner.append(gap)
        cursor = max(cursor, word.end_s)
    if words:
        gaps.append(max(0.0, duration - cursor))
    thinking = sum(g for g in gaps if g >= THINKING_GAP_S) if words else duration
    speaking = max(0.0, duration - thinking)
    fillers = count_fillers([w.text for w in words])
    minutes = speaking / 60.0
    long_pauses = [g for g in inner if g >= LONG_PAUSE_S]
    filler_total = sum(fillers.values())
    return DeliveryMetrics(
        duration_s=round(duration, 2),
        speaking_s=round(speaking, 2),
        words=len(words),
        words_per_minute=round(len(words) / minutes, 1) if minutes > 0 else 0.0,
        filler_words=filler_total,
        fillers_per_minute=round(filler_total / minutes, 2) if minutes > 0 else 0.0,
        filler_breakdown=dict(sorted(fillers.items())),
        long_pauses=len(long_pauses),
        longest_pause_s=round(max(inner, default=0.0), 2),
    )
