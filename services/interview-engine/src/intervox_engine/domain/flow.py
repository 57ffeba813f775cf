"""The interview's rules: legal commands, difficulty adaptation, when it ends."""

from __future__ import annotations

from dataclasses import dataclass

from intervox_contracts.enums import Difficulty, InterviewStatus


@dataclass(frozen=True)
class Rejection:
    code: str
    message: str


def adapt_difficulty(current: Difficulty, overall: float) -> Difficulty:
    """≥ 80 → one step harder; 50–79 → same; < 50 → one step easier (never below easy)."""
    if overall >= 80:
        return current.harder()
    if overall < 50:
        return current.easier()
    return current


def check_answer(
    status: InterviewStatus,
    current_question_id: str | None,
    question_id: str,
    current_question_state: str | None,
) -> Rejection | None:
    """Why an answer to ``question_id`` cannot be taken now, or None if it can."""
    if status.is_final:
        return Rejection("INTERVIEW_FINISHED", "This interview has already ended.")
    if status is not InterviewStatus.IN_PROGRESS:
        return Rejection("INTERVIEW_NOT_ACTIVE", f"The interview is {status.value}.")
    if current_question_id != question_id:
        return Rejection(
            "QUESTION_MISMATCH",
            f"Question {question_id} is not the current question ({current_question_id}).",
        )
    if current_question_state != "asked":
        return Rejection("ANSWER_ALREADY_SUBMITTED", "This question was already answered.")
    return None


def check_end(status: InterviewStatus) -> Rejection | None:
    if status.is_final:
        return Rejection("INTERVIEW_FINISHED", "This interview has already ended.")
    return None
