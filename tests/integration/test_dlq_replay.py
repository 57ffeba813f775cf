"""``intervox-dlq`` against a real RabbitMQ: dead letters are listed without being consumed,
and replayed to the events exchange under their original routing key, once, with the
broker's death headers removed."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, AbstractConnection
from intervox_contracts import Topology
from intervox_contracts.routing import DELIVERY_LIMIT
from intervox_platform.dlq import REPLAY_COUNT_HEADER, DeadLetters, main
from intervox_platform.messaging.amqp import AmqpBus

from tests.integration.conftest import Infra, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def topology(infra: Infra, bus_namespace: str) -> AsyncIterator[Topology]:
    """The namespace's exchanges, work queues and DLQs, declared as a service would."""
    topology = Topology(bus_namespace)
    bus = AmqpBus(infra.amqp_url, topology)
    await bus.connect()
    try:
        await bus.declare(topology.work_queues())
    finally:
        await bus.close()
    return topology


@pytest.fixture
async def connection(infra: Infra) -> AsyncIterator[AbstractConnection]:
    connection = await aio_pika.connect(infra.amqp_url)
    async with connection:
        yield connection


def _envelope(event_type: str) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "version": 1,
        "occurred_at": "2026-01-01T00:00:00+00:00",
        "interview_id": str(uuid.uuid4()),
        "user_id": str(uuid.uuid4()),
        "correlation_id": f"req-{uuid.uuid4().hex[:8]}",
        "payload": {},
    }


async def _publish(channel: AbstractChannel, topology: Topology, event: dict[str, Any]) -> None:
    exchange = await channel.get_exchange(topology.events_exchange)
    await exchange.publish(
        aio_pika.Message(
            json.dumps(event).encode(),
            content_type="application/json",
            message_id=event["event_id"],
            correlation_id=event["correlation_id"],
            type=event["type"],
            headers={"x-producer": "test"},
        ),
        routing_key=event["type"],
        mandatory=True,
    )


async def _reject_all(channel: AbstractChannel, queue_name: str, expected: int) -> None:
    """Dead-letter what is in a work queue the way a consumer's RejectMessage does."""
    queue = await channel.declare_queue(queue_name, passive=True)
    for _ in range(expected):
        message = await wait_for(lambda: queue.get(no_ack=False, fail=False), timeout=10)
        await message.reject(requeue=False)


async def _exhaust_deliveries(channel: AbstractChannel, queue_name: str) -> None:
    """Fail one message until the broker dead-letters it for its delivery limit."""
    queue = await channel.declare_queue(queue_name, passive=True)
    for _ in range(DELIVERY_LIMIT + 3):
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            await asyncio.sleep(0.3)  # a requeued message is back at once; gone = dead
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                return
        await message.nack(requeue=True)
    raise AssertionError(f"{queue_name} did not dead-letter after {DELIVERY_LIMIT} deliveries")


async def _depth(connection: AbstractConnection, name: str) -> int:
    channel = await connection.channel()
    try:
        queue = await channel.declare_queue(name, passive=True)
        return int(queue.declaration_result.message_count or 0)
    finally:
        await channel.close()


async def _drain(connection: AbstractConnection, name: str) -> list[aio_pika.IncomingMessage]:
    channel = await connection.channel()
    queue = await channel.declare_queue(name, passive=True)
    taken = []
    while (message := await queue.get(no_ack=True, fail=False)) is not None:
        taken.append(message)
    await channel.close()
    return taken


async def test_list_shows_dead_letters_without_consuming_them(
    topology: Topology,
    connection: AbstractConnection,
    infra: Infra,
    capsys: pytest.CaptureFixture[str],
) -> None:
    channel = await connection.channel(publisher_confirms=True)
    events = [_envelope("answer.scoring_requested") for _ in range(2)]
    for event in events:
        await _publish(channel, topology, event)
    await _reject_all(channel, topology.scoring_queue.name, expected=2)
    dlq = f"{topology.scoring_queue.name}.dlq"
    await wait_for(lambda: _is(connection, dlq, 2))

    letters = DeadLetters(connection, topology)
    first = await letters.peek(topology.scoring_queue, limit=1)
    both = await letters.peek(topology.scoring_queue, limit=10)

    assert [letter.event_id for letter in first] == [events[0]["event_id"]]
    assert [letter.event_id for letter in both] == [e["event_id"] for e in events]
    letter = both[1]
    assert letter.routing_key == "answer.scoring_requested"
    assert letter.reason == "rejected"
    assert letter.source_queue == topology.scoring_queue.name
    assert letter.interview_id == events[1]["interview_id"]
    assert letter.correlation_id == events[1]["correlation_id"]
    assert await _depth(connection, dlq) == 2  # looked at twice, still all there

    base = ["--amqp-url", infra.amqp_url, "--namespace", topology.namespace, "--json"]
    assert await _cli(*base, "list") == 0
    depths = json.loads(capsys.readouterr().out)
    assert depths[dlq] == 2
    assert depths[f"{topology.engine_queue.name}.dlq"] == 0
    assert await _cli(*base, "list", "--queue", "scoring", "--limit", "1") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["depth"] == 2
    assert [m["event_id"] for m in listed["messages"]] == [events[0]["event_id"]]

    # Clean up for the other tests: replay both so the DLQ is empty again.
    assert await _cli(*base, "replay", "--queue", "scoring") == 0
    capsys.readouterr()
    assert await _depth(connection, dlq) == 0
    await _drain(connection, topology.scoring_queue.name)


async def test_replay_filters_limits_and_restores_original_routing(
    topology: Topology, connection: AbstractConnection
) -> None:
    channel = await connection.channel(publisher_confirms=True)
    submitted = _envelope("answer.submitted")
    skipped = _envelope("question.skipped")
    exhausted = _envelope("answer.submitted")
    engine = topology.engine_queue.name
    dlq = f"{engine}.dlq"
    for event in (submitted, skipped):
        await _publish(channel, topology, event)
    await _reject_all(channel, engine, expected=2)
    await _publish(channel, topology, exhausted)
    await _exhaust_deliveries(channel, engine)
    await wait_for(lambda: _is(connection, dlq, 3))
    assert await _depth(connection, engine) == 0

    letters = DeadLetters(connection, topology)
    dry = await letters.replay(topology.engine_queue, limit=10, dry_run=True)
    assert [m.event_id for m in dry.replayed] == [
        submitted["event_id"],
        skipped["event_id"],
        exhausted["event_id"],
    ]
    assert [m.reason for m in dry.replayed] == ["rejected", "rejected", "delivery_limit"]
    assert dry.remaining == 3
    assert await _depth(connection, engine) == 0  # a dry run publishes nothing

    only_skips = await letters.replay(topology.engine_queue, limit=10, types=["question.skipped"])
    assert [m.event_id for m in only_skips.replayed] == [skipped["event_id"]]
    assert len(only_skips.skipped) == 2
    assert only_skips.remaining == 2

    one = await letters.replay(topology.engine_queue, limit=1)
    assert len(one.replayed) == 1
    assert one.remaining == 1
    rest = await letters.replay(topology.engine_queue, limit=10)
    assert len(rest.replayed) == 1
    assert rest.remaining == 0

    await wait_for(lambda: _is(connection, engine, 3))
    replayed = {m.message_id: m for m in await _drain(connection, engine)}
    assert set(replayed) == {submitted["event_id"], skipped["event_id"], exhausted["event_id"]}
    for original in (submitted, skipped, exhausted):
        message = replayed[original["event_id"]]
        assert message.routing_key == original["type"]  # not the DLQ's routing key
        assert message.exchange == topology.events_exchange
        assert json.loads(message.body) == original
        assert message.correlation_id == original["correlation_id"]
        headers = message.headers or {}
        assert headers.get("x-producer") == "test"
        assert headers.get(REPLAY_COUNT_HEADER) == 1
        assert "x-death" not in headers
        assert not any(k.startswith("x-first-death") for k in headers)
    # The one that died of its delivery limit starts again from its first delivery (the
    # broker may add x-delivery-count: 0 itself; the stale count must not survive).
    assert (replayed[exhausted["event_id"]].headers or {}).get("x-delivery-count", 0) == 0


async def test_unroutable_dead_letter_stays_in_the_dlq(
    topology: Topology, connection: AbstractConnection, infra: Infra
) -> None:
    """An event type no queue binds any more cannot be replayed: it is kept, and the
    command says so with a non-zero exit."""
    dlq = f"{topology.tts_queue.name}.dlq"
    channel = await connection.channel(publisher_confirms=True)
    await channel.default_exchange.publish(
        aio_pika.Message(b"\x00not json", message_id="m-1", type="no.such.event"),
        routing_key=dlq,
    )
    await wait_for(lambda: _is(connection, dlq, 1))

    report = await DeadLetters(connection, topology).replay(topology.tts_queue, limit=5)
    assert report.replayed == []
    assert [letter.event_id for letter, _ in report.failed] == ["m-1"]
    assert report.remaining == 1

    base = ["--amqp-url", infra.amqp_url, "--namespace", topology.namespace]
    assert await _cli(*base, "replay", "--queue", "tts") == 1
    assert await _depth(connection, dlq) == 1
    await _drain(connection, dlq)


def test_operator_mistakes_get_clear_errors(
    infra: Infra, bus_namespace: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--amqp-url", infra.amqp_url, "--namespace", bus_namespace]
    assert main([*base, "replay", "--queue", "nope"]) == 2
    assert "unknown queue 'nope'" in capsys.readouterr().err
    assert main(["--amqp-url", "amqp://guest:secret@127.0.0.1:1/", "list"]) == 2
    error = capsys.readouterr().err
    assert "RabbitMQ not reachable" in error
    assert "secret" not in error
    with pytest.raises(SystemExit):
        main([*base, "replay", "--queue", "scoring", "--limit", "0"])


async def _cli(*argv: str) -> int:
    """The command as an operator runs it (it has its own event loop, so: a thread)."""
    return await asyncio.to_thread(main, list(argv))


async def _is(connection: AbstractConnection, queue: str, depth: int) -> bool:
    return await _depth(connection, queue) == depth
