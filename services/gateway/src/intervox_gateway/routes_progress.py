"""Reports as PDF, the progress dashboard, and the daily challenge.

(No `from __future__ import annotations`: FastAPI resolves the closures' annotations.)
"""

import asyncio
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from intervox_contracts import utc_now
from intervox_contracts.enums import InterviewStatus, InterviewType, Seniority
from intervox_platform.messaging import Messaging
from intervox_platform.security import AccessClaims, TokenVerifier, bearer_token
from intervox_platform.web import ApiError, ErrorBody
from intervox_skills import load_topics
from sqlmodel import col, select

from intervox_gateway import store
from intervox_gateway.commands import start_interview
from intervox_gateway.domain.dashboard import (
    ChallengeState,
    Dashboard,
    FinishedInterview,
    build_dashboard,
    challenge_topic,
)
from intervox_gateway.pdf import render_report_pdf


def build_progress_router(messaging: Messaging, verifier: TokenVerifier) -> APIRouter:
    router = APIRouter(
        prefix="/api/v1",
        tags=["progress"],
        responses={s: {"model": ErrorBody} for s in (401, 404, 409)},
    )

    async def current_user(authorization: Annotated[str | None, Header()] = None) -> AccessClaims:
        return await verifier.verify(bearer_token(authorization))

    User = Annotated[AccessClaims, Depends(current_user)]

    @router.get(
        "/interviews/{interview_id}/report.pdf",
        response_class=Response,
        summary="The final report as a PDF",
    )
    async def report_pdf(interview_id: uuid.UUID, user: User) -> Response:
        async with messaging.sessions() as session:
            owned = await store.owned_interview(session, interview_id, user.user_id)
            report = await session.get(store.Report, interview_id) if owned else None
        if owned is None:
            raise ApiError(404, "INTERVIEW_NOT_FOUND", "Interview not found.")
        if report is None:
            raise ApiError(409, "REPORT_NOT_READY", "The report is ready when the interview ends.")
        pdf = await asyncio.to_thread(render_report_pdf, report.body)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'attachment; filename="intervox-report-{interview_id}.pdf"'
            },
        )

    async def _dashboard(user_id: uuid.UUID) -> Dashboard:
        today = utc_now().date()
        async with messaging.sessions() as session:
            _, total = await store.interviews_of(session, user_id, 1, 0)
            finished = await store.reports_of(session, user_id)
            todays = (
                await session.exec(
                    select(store.Interview)
                    .where(
                        store.Interview.user_id == user_id,
                        col(store.Interview.daily_challenge).is_(True),
                        col(store.Interview.created_at)
                        >= utc_now().replace(hour=0, minute=0, second=0, microsecond=0),
                    )
                    .order_by(col(store.Interview.created_at).desc())
                )
            ).first()
        challenge = (
            ChallengeState(
                interview_id=todays.id,
                completed=InterviewStatus(todays.status).is_final,
                score=todays.overall_score,
            )
            if todays
            else None
        )
        return build_dashboard(
            user_id,
            total,
            [
                FinishedInterview(i.id, i.created_at, i.role, i.daily_challenge, r.body)
                for i, r in finished
            ],
            today,
            [t.id for t in load_topics()],
            challenge,
        )

    @router.get(
        "/dashboard",
        response_model=Dashboard,
        summary="Score trend, topic strengths, streak, suggestions, daily challenge",
    )
    async def dashboard(user: User) -> Dashboard:
        return await _dashboard(user.user_id)

    @router.post(
        "/daily-challenge",
        status_code=201,
        summary="Start today's one-question challenge (or get the one already started)",
    )
    async def daily_challenge(user: User) -> dict[str, object]:
        current = await _dashboard(user.user_id)
        if current.daily_challenge.interview_id is not None:
            return {"interview_id": str(current.daily_challenge.interview_id), "created": False}
        async with messaging.sessions() as session:
            latest = await store.reports_of(session, user.user_id, limit=1)
        ratings = dict(latest[-1][1].body.get("ratings", {})) if latest else {}
        topic = challenge_topic(
            user.user_id, utc_now().date(), ratings, [t.id for t in load_topics()]
        )
        row = await start_interview(
            messaging,
            user.user_id,
            role="Daily challenge",
            seniority=Seniority.MID,
            interview_type=InterviewType.MIXED,
            topics=[topic],
            question_count=1,
            daily_challenge=True,
        )
        return {"interview_id": str(row.id), "created": True}

    return router
