"""The interview lifecycle rules both the gateway and the engine apply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from intervox_contracts.enums import InterviewStatus
from intervox_contracts.lifecycle import Command, check

IN_PROGRESS, PAUSED = InterviewStatus.IN_PROGRESS, InterviewStatus.PAUSED


@pytest.mark.parametrize(
    ("command", "status", "code"),
    [
        (Command.ANSWER, IN_PROGRESS, None),
        (Command.ANSWER, PAUSED, "INTERVIEW_PAUSED"),
        (Command.ANSWER, InterviewStatus.CREATED, "INTERVIEW_NOT_STARTED"),
        (Command.ANSWER, InterviewStatus.COMPLETED, "INTERVIEW_FINISHED"),
        (Command.PAUSE, IN_PROGRESS, None),
        (Command.PAUSE, PAUSED, "INTERVIEW_PAUSED"),
        (Command.RESUME, PAUSED, None),
        (Command.RESUME, IN_PROGRESS, "INTERVIEW_NOT_PAUSED"),
        (Command.REPEAT, PAUSED, "INTERVIEW_PAUSED"),
        (Command.END, PAUSED, None),
        (Command.END, InterviewStatus.CREATED, None),
        (Command.END, InterviewStatus.ABANDONED, "INTERVIEW_FINISHED"),
    ],
)
def test_transitions(command: Command, status: InterviewStatus, code: str | None) -> None:
    rejection = check(command, status)
    assert (rejection.code if rejection else None) == code


def test_answers_only_for_the_open_current_question() -> None:
    stale = check(Command.ANSWER, IN_PROGRESS, current_question_id="q2", question_id="q1")
    assert stale is not None
    assert stale.code == "QUESTION_MISMATCH"
    pending = check(
        Command.ANSWER, IN_PROGRESS, current_question_id="q2", question_id="q2", question_open=False
    )
    assert pending is not None
    assert pending.code == "ANSWER_PENDING"


def test_resume_window_is_24_hours() -> None:
    now = datetime.now(UTC)
    assert check(Command.RESUME, PAUSED, resume_before=now + timedelta(hours=1), now=now) is None
    late = check(Command.RESUME, PAUSED, resume_before=now - timedelta(seconds=1), now=now)
    assert late is not None
    assert late.code == "RESUME_WINDOW_EXPIRED"
