"""How each client-facing event changes the gateway's view of an interview (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intervox_contracts import Event
from intervox_contracts.enums import InterviewStatus
from intervox_contracts.events import (
    CommandRejected,
    FollowUpAsked,
    InterviewEnded,
    InterviewPaused,
    InterviewResumed,
    NextQuestionAsked,
    QuestionsReady,
    ScoreReady,
    TranscriptFinal,
)


@dataclass
class InterviewView:
    status: InterviewStatus
    current_question: dict[str, Any] | None
    awaiting_score: bool
    answered_count: int
    skipped_count: int
    overall_score: float | None


def apply(view: InterviewView, event: Event) -> InterviewView:
    if isinstance(event, QuestionsReady):
        view.status = InterviewStatus.IN_PROGRESS
        view.current_question = event.payload.first_question.model_dump(mode="json")
        view.awaiting_score = False
    elif isinstance(event, NextQuestionAsked):
        view.current_question = event.payload.question.model_dump(mode="json")
        view.awaiting_score = False
        if event.payload.reason == "skipped":
            view.skipped_count += 1
    elif isinstance(event, FollowUpAsked):
        view.current_question = event.payload.question.model_dump(mode="json")
        view.awaiting_score = False
    elif isinstance(event, ScoreReady):
        view.answered_count += 1
        view.awaiting_score = False
    elif isinstance(event, InterviewPaused):
        view.status = InterviewStatus.PAUSED
    elif isinstance(event, InterviewResumed):
        view.status = InterviewStatus.IN_PROGRESS
        view.current_question = event.payload.question.model_dump(mode="json")
        view.awaiting_score = False
    elif isinstance(event, CommandRejected):
        view.awaiting_score = False
    elif isinstance(event, TranscriptFinal) and event.payload.no_speech:
        view.awaiting_score = False  # nothing was heard: the question is open again
    elif isinstance(event, InterviewEnded):
        view.status = InterviewStatus(event.payload.status)
        view.current_question = None
        view.awaiting_score = False
        view.overall_score = event.payload.overall_score
        view.skipped_count = event.payload.skipped
    return view
