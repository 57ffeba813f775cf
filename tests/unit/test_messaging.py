"""Inbox/outbox and the consumer adapter on the in-process bus with SQLite: the delivery
guarantees every service relies on."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from intervox_contracts import DELIVERY_LIMIT, Event, Topology
from intervox_contracts.events import (
    AnswerScoringRequested,
    AnswerScoringRequestedPayload,
    ScoreReady,
    ScoreReadyPayload,
)
from intervox_platform.db import Database
from intervox_platform.messaging import EventConsumer, InProcessBus, Messaging, UnitOfWork
from intervox_platform.messaging.bus import Delivery, OutgoingMessage

MIGRATIONS = Path(__file__).resolve().parents[2] / (
    "services/scoring/src/intervox_scoring/migrations"
)


def scoring_request() -> AnswerScoringRequested:
    return AnswerScoringRequested.create(
        AnswerScoringRequestedPayload(
            answer_id=uuid.uuid4(),
            question_id="q1",
            question_text="Q?",
            topic="python",
            kind="technical",
            difficulty="easy",
            model_answer="M",
            key_points=[],
            answer_text="A",
            mode="text",
        ),
        interview_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
    )


def score_for(event: AnswerScoringRequested) -> ScoreReady:
    return ScoreReady.caused_by(
        event,
        ScoreReadyPayload(
            answer_id=event.payload.answer_id,
            question_id="q1",
            overall=50,
            correctness=50,
            completeness=50,
            clarity=50,
            feedback="f",
            confidence=0.5,
            model_answer="M",
            scorer="test",
        ),
    )


@pytest.fixture
async def messaging(tmp_path: Path) -> AsyncIterator[Messaging]:
    bus = InProcessBus(Topology("unit"), backoff=False)
    await bus.connect()
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/scoring.db", "scoring", MIGRATIONS)
    await database.start()
    topology = bus.topology
    await bus.declare([topology.scoring_queue, topology.engine_queue])
    yield Messaging("scoring", "scoring", database.engine, bus)
    await bus.close()
    await database.close()


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.fail_times = 0

    async def handler(self, event: AnswerScoringRequested, deps: UnitOfWork) -> Sequence[Event]:
        self.count += 1
        if self.fail_times:
            self.fail_times -= 1
            raise RuntimeError("transient failure")
        return [score_for(event)]


def delivery(event: Event, count: int = 1) -> Delivery:
    return Delivery(
        body=event.to_json(),
        routing_key=event.type,
        message_id=str(event.event_id),
        delivery_count=count,
    )


async def outbox_rows(messaging: Messaging) -> list[sa.Row[tuple[object, ...]]]:
    async with messaging.engine.connect() as conn:
        return list((await conn.execute(sa.select(messaging.outbox))).all())


async def test_redelivered_event_changes_nothing_and_publishes_nothing(
    messaging: Messaging,
) -> None:
    calls = Calls()
    consumer = EventConsumer(
        "scoring", messaging, {AnswerScoringRequested.TYPE: calls.handler}, lambda uow: uow
    )
    event = scoring_request()
    await consumer(delivery(event))
    await consumer(delivery(event, count=2))  # the broker redelivers: same event_id
    assert calls.count == 1
    rows = await outbox_rows(messaging)
    assert len(rows) == 1
    assert rows[0].published_at is not None
    engine_queue = messaging.bus.topology.engine_queue.name
    assert (await messaging.bus.queue_stats(engine_queue)).messages == 1


async def test_failed_handler_rolls_back_and_succeeds_on_redelivery(messaging: Messaging) -> None:
    calls = Calls()
    calls.fail_times = 1
    consumer = EventConsumer(
        "scoring", messaging, {AnswerScoringRequested.TYPE: calls.handler}, lambda uow: uow
    )
    event = scoring_request()
    with pytest.raises(RuntimeError):
        await consumer(delivery(event))
    assert await outbox_rows(messaging) == []  # nothing half-done survives the failure
    await consumer(delivery(event, count=2))
    assert len(await outbox_rows(messaging)) == 1


async def test_poison_message_is_dead_lettered_after_the_delivery_limit(
    messaging: Messaging,
) -> None:
    bus = messaging.bus
    assert isinstance(bus, InProcessBus)
    calls = Calls()
    calls.fail_times = 100
    consumer = EventConsumer(
        "scoring", messaging, {AnswerScoringRequested.TYPE: calls.handler}, lambda uow: uow
    )
    queue = bus.topology.scoring_queue
    await bus.consume(queue, consumer)
    event = scoring_request()
    await bus.publish(
        OutgoingMessage(
            bus.topology.events_exchange,
            event.type,
            event.to_json(),
            str(event.event_id),
            event.type,
        )
    )
    await bus.drain()
    assert calls.count == DELIVERY_LIMIT
    assert [m.message_id for m in bus.dead_letters[f"{queue.name}.dlq"]] == [str(event.event_id)]


async def test_undecodable_message_goes_straight_to_the_dead_letter_queue(
    messaging: Messaging,
) -> None:
    bus = messaging.bus
    assert isinstance(bus, InProcessBus)
    calls = Calls()
    consumer = EventConsumer(
        "scoring", messaging, {AnswerScoringRequested.TYPE: calls.handler}, lambda uow: uow
    )
    queue = bus.topology.scoring_queue
    await bus.consume(queue, consumer)
    await bus.publish(
        OutgoingMessage(
            bus.topology.events_exchange,
            "answer.scoring_requested",
            b"{not json",
            "m1",
            "answer.scoring_requested",
        )
    )
    await bus.drain()
    assert calls.count == 0
    assert len(bus.dead_letters[f"{queue.name}.dlq"]) == 1


async def test_committed_but_unpublished_events_are_published_by_the_sweeper(
    messaging: Messaging,
) -> None:
    """A crash between commit and publish: the next sweep (or restart) publishes."""
    event = score_for(scoring_request())
    async with messaging.sessions() as session, session.begin():
        uow = UnitOfWork(messaging, session)
        await uow.emit(event)
    # (no publish_committed: the process "died" here)
    engine_queue = messaging.bus.topology.engine_queue.name
    assert (await messaging.bus.queue_stats(engine_queue)).messages == 0
    assert await messaging.sweep(older_than_s=0) == 1
    assert (await messaging.bus.queue_stats(engine_queue)).messages == 1
    assert await messaging.sweep(older_than_s=0) == 0  # and only once
