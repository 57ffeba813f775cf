"""The sequencer: number each client-facing event, log it, update the projection, and hand
it to every gateway replica through the relay exchange.

Numbering happens under a row lock on the interview, in the same transaction as the log
insert, so ``seq`` values are gap-free and committed in order; replicas may still receive
them out of order, which the socket loop repairs from the log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from intervox_contracts import RELAYED_TYPES, Event, utc_now
from intervox_contracts.enums import InterviewStatus
from intervox_contracts.events import InterviewStarted, ReportReady
from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler

from intervox_gateway import store
from intervox_gateway.domain.projection import InterviewView, apply

log = logging.getLogger(__name__)


@dataclass
class GatewayDeps:
    uow: UnitOfWork


async def sequence_for_clients(event: Event, deps: GatewayDeps) -> list[Event]:
    session = deps.uow.session
    interview = await store.lock_interview(session, event.interview_id)
    if interview is None:
        log.warning(
            "event for an unknown interview",
            extra={"type": event.type, "interview_id": str(event.interview_id)},
        )
        return []
    seq = interview.last_seq + 1
    sequenced = event.with_seq(seq)
    view = apply(
        InterviewView(
            status=InterviewStatus(interview.status),
            current_question=interview.current_question,
            awaiting_score=interview.awaiting_score,
            answered_count=interview.answered_count,
            skipped_count=interview.skipped_count,
            overall_score=interview.overall_score,
        ),
        event,
    )
    interview.last_seq = seq
    interview.status = view.status.value
    interview.current_question = view.current_question
    interview.awaiting_score = view.awaiting_score
    interview.answered_count = view.answered_count
    interview.skipped_count = view.skipped_count
    interview.overall_score = view.overall_score
    interview.updated_at = utc_now()
    if view.status.is_final and interview.ended_at is None:
        interview.ended_at = utc_now()
    session.add(interview)
    session.add(
        store.EventLogEntry(
            interview_id=event.interview_id,
            seq=seq,
            event_id=event.event_id,
            type=event.type,
            body=sequenced.model_dump_json(),
            created_at=utc_now(),
        )
    )
    if isinstance(event, ReportReady):
        session.add(
            store.Report(
                interview_id=event.interview_id,
                user_id=event.user_id,
                body=event.payload.report.model_dump(mode="json"),
                created_at=utc_now(),
            )
        )
    return [sequenced]


async def mark_started(event: InterviewStarted, deps: GatewayDeps) -> list[Event]:
    """Not relayed (questions_ready tells clients); only the projection's status moves."""
    interview = await store.lock_interview(deps.uow.session, event.interview_id)
    if interview is not None and interview.status == InterviewStatus.CREATED.value:
        interview.status = InterviewStatus.IN_PROGRESS.value
        interview.updated_at = utc_now()
        deps.uow.session.add(interview)
    return []


HANDLERS: dict[str, Handler[GatewayDeps]] = {
    **{t: sequence_for_clients for t in RELAYED_TYPES},
    InterviewStarted.TYPE: mark_started,
}
