"""Commands shared by several routes: starting an interview (normal or daily challenge)."""

from __future__ import annotations

import uuid

from intervox_contracts import utc_now
from intervox_contracts.enums import InterviewStatus, InterviewType, Seniority
from intervox_contracts.events import InterviewRequested, InterviewRequestedPayload
from intervox_platform.logging import correlation_id
from intervox_platform.messaging import Messaging
from intervox_platform.web import ApiError

from intervox_gateway import store


async def start_interview(
    messaging: Messaging,
    user_id: uuid.UUID,
    *,
    role: str,
    seniority: Seniority,
    interview_type: InterviewType,
    topics: list[str],
    question_count: int,
    job_description: str | None = None,
    resume_id: uuid.UUID | None = None,
    voice: str | None = None,
    speech_rate: float | None = None,
    daily_challenge: bool = False,
) -> store.Interview:
    """Record the interview and its ``interview.requested`` in one transaction."""
    interview_id = uuid.uuid4()
    now = utc_now()
    async with messaging.unit_of_work() as uow:
        resume_text = None
        if resume_id is not None:
            resume = await uow.session.get(store.Resume, resume_id)
            if resume is None or resume.user_id != user_id:
                raise ApiError(404, "RESUME_NOT_FOUND", "That resume was not found.")
            resume_text = resume.text
        if voice is None or speech_rate is None:
            preferences = await uow.session.get(store.Preferences, user_id)
            if preferences is not None:
                voice = voice or preferences.voice
                speech_rate = speech_rate or preferences.speech_rate
        row = store.Interview(
            id=interview_id,
            user_id=user_id,
            role=role.strip(),
            seniority=seniority.value,
            interview_type=interview_type.value,
            topics=topics,
            question_count=question_count,
            status=InterviewStatus.CREATED.value,
            daily_challenge=daily_challenge,
            resume_id=resume_id,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        await uow.emit(
            InterviewRequested.create(
                InterviewRequestedPayload(
                    role=row.role,
                    seniority=seniority,
                    interview_type=interview_type,
                    topics=topics,
                    question_count=question_count,
                    job_description=job_description,
                    resume_text=resume_text,
                    voice=voice,
                    speech_rate=speech_rate,
                    daily_challenge=daily_challenge,
                ),
                interview_id=interview_id,
                user_id=user_id,
                correlation_id=correlation_id.get(),
            )
        )
    return row
