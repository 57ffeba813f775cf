"""The interview lifecycle: which command is legal in which state.

    created ──▶ in_progress ◀──▶ paused
                   │                │
                   ▼                ▼
              completed         abandoned   (also: 30 min inactive, or paused > 24 h)

The interview engine is the authority and applies these rules; the gateway applies the same
rules to its projection to answer obvious conflicts at once with a 409. One table, shared,
so the two can never disagree about what is legal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from intervox_contracts.enums import InterviewStatus

RESUME_WINDOW = timedelta(hours=24)
INACTIVITY_TIMEOUT = timedelta(minutes=30)


class Command(StrEnum):
    ANSWER = "answer"
    SKIP = "skip"
    REPEAT = "repeat"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"


ALLOWED: dict[Command, frozenset[InterviewStatus]] = {
    Command.ANSWER: frozenset({InterviewStatus.IN_PROGRESS}),
    Command.SKIP: frozenset({InterviewStatus.IN_PROGRESS}),
    Command.REPEAT: frozenset({InterviewStatus.IN_PROGRESS}),
    Command.PAUSE: frozenset({InterviewStatus.IN_PROGRESS}),
    Command.RESUME: frozenset({InterviewStatus.PAUSED}),
    Command.END: frozenset(
        {InterviewStatus.CREATED, InterviewStatus.IN_PROGRESS, InterviewStatus.PAUSED}
    ),
}
# Commands that act on the open question and so need one (not one already being scored).
NEEDS_OPEN_QUESTION = frozenset({Command.ANSWER, Command.SKIP, Command.PAUSE, Command.REPEAT})


@dataclass(frozen=True)
class Rejection:
    code: str
    message: str


def check(
    command: Command,
    status: InterviewStatus,
    *,
    current_question_id: str | None = None,
    question_id: str | None = None,
    question_open: bool = True,
    resume_before: datetime | None = None,
    now: datetime | None = None,
) -> Rejection | None:
    """Why ``command`` cannot run now, or None when it can."""
    if status.is_final:
        return Rejection("INTERVIEW_FINISHED", "This interview has already ended.")
    if status not in ALLOWED[command]:
        if status is InterviewStatus.CREATED:
            return Rejection(
                "INTERVIEW_NOT_STARTED",
                "The interview is still being prepared; wait for its first question.",
            )
        if status is InterviewStatus.PAUSED:
            return Rejection("INTERVIEW_PAUSED", "The interview is paused; resume it first.")
        return Rejection("INTERVIEW_NOT_PAUSED", "The interview is not paused.")
    if (
        command is Command.RESUME
        and resume_before is not None
        and now is not None
        and now > resume_before
    ):
        return Rejection(
            "RESUME_WINDOW_EXPIRED",
            "A paused interview can be resumed within 24 hours; this one expired.",
        )
    if question_id is not None and current_question_id != question_id:
        return Rejection(
            "QUESTION_MISMATCH",
            f"Question {question_id} is not the current question ({current_question_id}).",
        )
    if command in NEEDS_OPEN_QUESTION and not question_open:
        return Rejection(
            "ANSWER_PENDING",
            "Your answer to this question is being processed; wait for the result.",
        )
    return None
