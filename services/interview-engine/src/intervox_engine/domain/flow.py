"""The interview's rules beyond legality (see intervox_contracts.lifecycle): difficulty
adaptation, when to ask a follow-up and which, how a follow-up counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intervox_contracts.enums import Difficulty

MIN_SUBSTANTIVE_WORDS = 25
"""An answer shorter than this is vague: worth a follow-up even if it touched key points."""
FOLLOW_UP_COMPLETENESS = 60.0
"""Below this key-point coverage the answer missed something worth probing."""


def adapt_difficulty(current: Difficulty, overall: float) -> Difficulty:
    """≥ 80 → one step harder; 50–79 → same; < 50 → one step easier (never below easy)."""
    if overall >= 80:
        return current.harder()
    if overall < 50:
        return current.easier()
    return current


@dataclass(frozen=True)
class KeyPointInfo:
    id: str
    text: str
    follow_up: str
    importance: int


def choose_follow_up(
    key_points: Sequence[KeyPointInfo],
    missed_ids: Sequence[str],
    completeness: float,
    answer_words: int,
) -> KeyPointInfo | None:
    """The most important missed key point, when the answer missed key points or was vague;
    None when the answer needs no follow-up."""
    missed = [kp for kp in key_points if kp.id in set(missed_ids)]
    if not missed:
        return None
    essential_missed = any(kp.importance == 3 for kp in missed)
    vague = answer_words < MIN_SUBSTANTIVE_WORDS
    if not (essential_missed or vague or completeness < FOLLOW_UP_COMPLETENESS):
        return None
    return min(missed, key=lambda kp: _follow_up_rank(key_points, kp))


def likely_follow_ups(key_points: Sequence[KeyPointInfo], limit: int) -> list[str]:
    """The follow-up questions an answer is likeliest to earn, likeliest first: the order in
    which ``choose_follow_up`` prefers missed points, so what it picks is among these
    whenever the answer missed one of the first ``limit`` points."""
    ranked = sorted(key_points, key=lambda kp: _follow_up_rank(key_points, kp))
    return list(dict.fromkeys(kp.follow_up for kp in ranked if kp.follow_up))[:limit]


def _follow_up_rank(key_points: Sequence[KeyPointInfo], point: KeyPointInfo) -> tuple[int, int]:
    # The most important point first; on equal importance, the one the model answer makes
    # first (a stable choice).
    return (-point.importance, key_points.index(point))


def combined_score(main: float, follow_up: float | None) -> float:
    """A follow-up counts toward its question but can only help: it is a second chance to
    show what the first answer left out, not a second exam."""
    if follow_up is None:
        return main
    return round(max(main, 0.6 * main + 0.4 * follow_up), 1)
