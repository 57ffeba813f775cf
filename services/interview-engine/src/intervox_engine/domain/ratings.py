"""Per-user, per-topic skill ratings (Elo-like), and the difficulty they suggest.

A question's difficulty plays the opponent: easy 1000, medium 1200, hard 1400. The answer's
overall score (0–100) is the game's result. A new topic starts at 1200.
"""

from __future__ import annotations

from intervox_contracts.enums import Difficulty

INITIAL_RATING = 1200.0
K_FACTOR = 32.0
QUESTION_RATING = {Difficulty.EASY: 1000.0, Difficulty.MEDIUM: 1200.0, Difficulty.HARD: 1400.0}


def expected_score(rating: float, difficulty: Difficulty) -> float:
    return 1.0 / (1.0 + 10 ** ((QUESTION_RATING[difficulty] - rating) / 400.0))


def updated_rating(rating: float, difficulty: Difficulty, overall: float) -> float:
    actual = max(0.0, min(1.0, overall / 100.0))
    return round(rating + K_FACTOR * (actual - expected_score(rating, difficulty)), 1)


def difficulty_for(rating: float) -> Difficulty:
    if rating < 1100:
        return Difficulty.EASY
    if rating < 1300:
        return Difficulty.MEDIUM
    return Difficulty.HARD
