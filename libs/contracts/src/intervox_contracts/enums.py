"""Vocabulary shared by events, the API and the services' domains."""

from __future__ import annotations

from enum import StrEnum


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"


class InterviewType(StrEnum):
    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"
    MIXED = "mixed"


class QuestionKind(StrEnum):
    TECHNICAL = "technical"
    BEHAVIORAL = "behavioral"
    SYSTEM_DESIGN = "system_design"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    def harder(self) -> Difficulty:
        order = list(Difficulty)
        return order[min(order.index(self) + 1, len(order) - 1)]

    def easier(self) -> Difficulty:
        order = list(Difficulty)
        return order[max(order.index(self) - 1, 0)]


class InterviewStatus(StrEnum):
    CREATED = "created"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"
    ABANDONED = "abandoned"

    @property
    def is_final(self) -> bool:
        return self in (InterviewStatus.COMPLETED, InterviewStatus.ABANDONED)


class AnswerMode(StrEnum):
    TEXT = "text"
    VOICE = "voice"


class EndReason(StrEnum):
    FINISHED = "finished"
    ENDED_EARLY = "ended_early"
    INACTIVITY_TIMEOUT = "inactivity_timeout"
