"""The lifecycle rules (intervox_contracts.lifecycle) applied to the gateway's projection,
answering obvious conflicts with a 409 before anything is published."""

from __future__ import annotations

from intervox_contracts.enums import InterviewStatus
from intervox_contracts.lifecycle import Command, check
from intervox_platform.web import ApiError

from intervox_gateway import store


def ensure_allowed(row: store.Interview, command: Command, question_id: str | None = None) -> None:
    rejection = check(
        command,
        InterviewStatus(row.status),
        current_question_id=row.current_question_id,
        question_id=question_id,
        question_open=not row.awaiting_score,
    )
    if rejection is not None:
        raise ApiError(409, rejection.code, rejection.message)


def ensure_accepting(row: store.Interview, question_id: str) -> None:
    """An answer (typed or spoken) to ``question_id`` can be taken now."""
    ensure_allowed(row, Command.ANSWER, question_id)
