from __future__ import annotations

import uuid

from intervox_contracts.enums import Difficulty, EndReason, InterviewStatus, QuestionKind
from intervox_contracts.events import (
    InterviewEnded,
    InterviewEndPayload,
    NextQuestionAsked,
    NextQuestionPayload,
    QuestionView,
)
from intervox_gateway.domain.projection import InterviewView, apply

IDS = {"interview_id": uuid.uuid4(), "user_id": uuid.uuid4()}


def view() -> InterviewView:
    return InterviewView(InterviewStatus.IN_PROGRESS, {"question_id": "q1"}, True, 1, 0, None)


def question(qid: str) -> QuestionView:
    return QuestionView(
        question_id=qid,
        index=2,
        total=3,
        text="Q?",
        topic="python",
        difficulty=Difficulty.EASY,
        kind=QuestionKind.TECHNICAL,
    )


def test_next_question_opens_answering_again() -> None:
    updated = apply(
        view(), NextQuestionAsked.create(NextQuestionPayload(question=question("q2")), **IDS)
    )
    assert updated.current_question is not None
    assert updated.current_question["question_id"] == "q2"
    assert updated.awaiting_score is False


def test_skip_is_counted_and_end_closes_the_interview() -> None:
    skipped = apply(
        view(),
        NextQuestionAsked.create(
            NextQuestionPayload(question=question("q2"), reason="skipped"), **IDS
        ),
    )
    assert skipped.skipped_count == 1
    ended = apply(
        skipped,
        InterviewEnded.create(
            InterviewEndPayload(
                status=InterviewStatus.COMPLETED,
                reason=EndReason.FINISHED,
                answered=2,
                skipped=1,
                overall_score=71.5,
            ),
            **IDS,
        ),
    )
    assert ended.status is InterviewStatus.COMPLETED
    assert ended.current_question is None
    assert ended.overall_score == 71.5
