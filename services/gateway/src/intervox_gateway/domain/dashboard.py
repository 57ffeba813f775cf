"""Progress over time, from the user's finished interviews and their reports (pure)."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

RECURRING = 2
"""A key point missed in at least this many answers is a pattern, not a slip."""


class TrendPoint(BaseModel):
    interview_id: uuid.UUID
    date: datetime
    overall: float
    role: str


class TopicProgress(BaseModel):
    topic: str
    average: float
    rating: float | None
    answers: int


class Resource(BaseModel):
    title: str
    url: str


class Suggestion(BaseModel):
    topic: str
    key_point: str
    count: int
    resources: list[Resource] = Field(default_factory=list)


class DailyChallenge(BaseModel):
    date: date
    topic: str
    interview_id: uuid.UUID | None = None
    completed: bool = False
    score: float | None = None


class Dashboard(BaseModel):
    sessions_total: int
    completed_total: int
    average_overall: float | None
    streak_days: int
    score_trend: list[TrendPoint]
    topics: list[TopicProgress]
    suggestions: list[Suggestion]
    daily_challenge: DailyChallenge


@dataclass(frozen=True)
class FinishedInterview:
    interview_id: uuid.UUID
    created_at: datetime
    role: str
    daily_challenge: bool
    report: dict[str, Any]


@dataclass(frozen=True)
class ChallengeState:
    interview_id: uuid.UUID
    completed: bool
    score: float | None


def streak(days_active: set[date], today: date) -> int:
    """Consecutive days with a finished interview, ending today (or yesterday: a streak is
    not lost before the day is over)."""
    day = today if today in days_active else today - timedelta(days=1)
    count = 0
    while day in days_active:
        count += 1
        day -= timedelta(days=1)
    return count


def challenge_topic(
    user_id: uuid.UUID, today: date, ratings: dict[str, float], catalog: Sequence[str]
) -> str:
    """Today's topic: the user's weakest rated topic, else one picked per user and day."""
    if ratings:
        return min(ratings.items(), key=lambda kv: (kv[1], kv[0]))[0]
    digest = hashlib.sha256(f"{user_id}:{today.isoformat()}".encode()).digest()
    return sorted(catalog)[int.from_bytes(digest[:4], "big") % len(catalog)]


def build_dashboard(
    user_id: uuid.UUID,
    sessions_total: int,
    finished: Sequence[FinishedInterview],
    today: date,
    catalog: Sequence[str],
    challenge: ChallengeState | None,
) -> Dashboard:
    ordered = sorted(finished, key=lambda f: f.created_at)
    trend = [
        TrendPoint(
            interview_id=f.interview_id,
            date=f.created_at,
            overall=float(f.report["overall"]),
            role=f.role,
        )
        for f in ordered
        if f.report.get("overall") is not None
    ]
    per_topic: dict[str, list[float]] = defaultdict(list)
    missed: Counter[tuple[str, str]] = Counter()
    resources: dict[tuple[str, str], list[Resource]] = {}
    for f in ordered:
        for question in f.report.get("questions", []):
            score = question.get("question_score") or question.get("overall")
            if score is not None and not question.get("is_follow_up"):
                per_topic[question["topic"]].append(float(score))
            for point in question.get("key_points_missed", []):
                key = (question["topic"], point)
                missed[key] += 1
                resources.setdefault(
                    key, [Resource.model_validate(r) for r in question.get("resources", [])]
                )
    ratings: dict[str, float] = dict(ordered[-1].report.get("ratings", {})) if ordered else {}
    topics = sorted(
        (
            TopicProgress(
                topic=t, average=round(sum(v) / len(v), 1), rating=ratings.get(t), answers=len(v)
            )
            for t, v in per_topic.items()
        ),
        key=lambda t: t.average,
    )
    suggestions = [
        Suggestion(topic=topic, key_point=point, count=count, resources=resources[(topic, point)])
        for (topic, point), count in missed.most_common()
        if count >= RECURRING
    ][:5]
    days = {f.created_at.date() for f in ordered}
    averages = [p.overall for p in trend]
    return Dashboard(
        sessions_total=sessions_total,
        completed_total=len(ordered),
        average_overall=round(sum(averages) / len(averages), 1) if averages else None,
        streak_days=streak(days, today),
        score_trend=trend,
        topics=topics,
        suggestions=suggestions,
        daily_challenge=DailyChallenge(
            date=today,
            topic=challenge_topic(user_id, today, ratings, catalog),
            interview_id=challenge.interview_id if challenge else None,
            completed=challenge.completed if challenge else False,
            score=challenge.score if challenge else None,
        ),
    )
