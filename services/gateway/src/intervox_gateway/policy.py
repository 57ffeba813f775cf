"""Which commands the gateway accepts for an interview in its current state (its projection).

The engine remains the authority; these checks answer the common conflicts at once (409)."""

from __future__ import annotations

from intervox_contracts.enums import InterviewStatus
from intervox_platform.web import ApiError

from intervox_gateway import store


def ensure_accepting(row: store.Interview, question_id: str) -> None:
    status = InterviewStatus(row.status)
    if status.is_final:
        raise ApiError(409, "INTERVIEW_FINISHED", "This interview has already ended.")
    if status is InterviewStatus.CREATED:
        raise ApiError(
            409,
            "INTERVIEW_NOT_STARTED",
            "The interview is still being prepared; wait for its first question.",
        )
    if status is not InterviewStatus.IN_PROGRESS:
        raise ApiError(409, "INTERVIEW_NOT_ACTIVE", f"The interview is {status.value}.")
    if row.current_question_id != question_id:
        raise ApiError(
            409,
            "QUESTION_MISMATCH",
            f"Question {question_id} is not the current question ({row.current_question_id}).",
        )
    if row.awaiting_score:
        raise ApiError(
            409,
            "ANSWER_PENDING",
            "Your answer to this question is being processed; wait for the result.",
        )
