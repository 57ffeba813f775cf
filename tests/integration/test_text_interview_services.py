"""The text interview across separate service processes on real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import httpx
import pytest
import websockets

from tests.integration.conftest import wait_for
from tests.support.client import AnswerFor, Session, register, run_text_interview
from tests.support.servers import ServiceProcess
from tests.support.stack import Stack

pytestmark = pytest.mark.integration

EXPECTED = [
    "questions_ready",
    "score_ready",
    "next_question",
    "score_ready",
    "next_question",
    "score_ready",
    "interview_end",
    "report_ready",
]


@contextlib.asynccontextmanager
async def _candidate(gateway: ServiceProcess) -> AsyncIterator[tuple[httpx.AsyncClient, Session]]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as http:
        yield http, await register(http, gateway.url)


def model_answers(stack: Stack) -> AnswerFor:
    """A strong answer: the question's model answer, read from the engine's schema."""

    async def answer_for(interview_id: str, question_id: str) -> str:
        rows = await stack.sql(
            "SELECT model_answer FROM engine.questions "
            "WHERE interview_id = $1 AND question_id = $2",
            uuid.UUID(interview_id),
            question_id,
        )
        return str(rows[0]["model_answer"])

    return answer_for


async def _interview(session: Session, stack: Stack) -> tuple[str, list[dict[str, Any]]]:
    interview = await session.create_interview(question_count=3, topics=["python"])
    async with session.events(interview["id"]) as stream:
        events = await run_text_interview(
            session, interview["id"], stream, answers=3, answer_for=model_answers(stack)
        )
    return interview["id"], events


async def test_two_candidates_on_two_gateway_replicas(stack: Stack) -> None:
    async with (
        _candidate(stack.gateway_a) as (_, alice),
        _candidate(stack.gateway_b) as (http_b, bob),
    ):
        (alice_id, alice_events), (bob_id, bob_events) = await asyncio.gather(
            _interview(alice, stack), _interview(bob, stack)
        )
        for interview_id, events in ((alice_id, alice_events), (bob_id, bob_events)):
            assert [e["type"] for e in events] == EXPECTED
            assert [e["seq"] for e in events] == list(range(1, 9))
            assert {e["interview_id"] for e in events} == {interview_id}

        # Any replica serves any client: Alice's full history from the other gateway.
        alice_on_b = Session(
            stack.gateway_b.url, alice.email, alice.access_token, alice.user_id, http_b
        )
        async with alice_on_b.events(alice_id) as stream:
            replayed = [await stream.next() for _ in range(8)]
        assert [e["event_id"] for e in replayed] == [e["event_id"] for e in alice_events]

        # Bob learns nothing about Alice's interview: 404, and the socket is refused.
        assert (await bob.get(f"/api/v1/interviews/{alice_id}")).status_code == 404
        assert (await bob.get(f"/api/v1/interviews/{alice_id}/events")).status_code == 404
        with pytest.raises(websockets.ConnectionClosed) as closed:
            async with bob.events(alice_id) as stream:
                await stream.next(timeout=5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4404

        # Every record is in PostgreSQL, each service in its own schema.
        rows = await stack.sql(
            "SELECT status, last_seq, answered_count FROM gateway.interviews WHERE id = $1",
            _uuid(alice_id),
        )
        assert [tuple(r) for r in rows] == [("completed", 8, 3)]
        log = await stack.sql(
            "SELECT seq, type FROM gateway.event_log WHERE interview_id = $1 ORDER BY seq",
            _uuid(alice_id),
        )
        assert [r["type"] for r in log] == EXPECTED
        asked = await stack.sql(
            "SELECT state FROM engine.questions WHERE interview_id = $1", _uuid(alice_id)
        )
        assert [r["state"] for r in asked] == ["scored"] * 3
        scores = await stack.sql(
            "SELECT overall FROM scoring.scores WHERE interview_id = $1", _uuid(alice_id)
        )
        assert len(scores) == 3
        report = await stack.sql(
            "SELECT body FROM gateway.reports WHERE interview_id = $1", _uuid(alice_id)
        )
        assert len(json.loads(report[0]["body"])["questions"]) == 3
        users = await stack.sql(
            "SELECT email FROM auth.users WHERE email = ANY($1::text[])", [alice.email, bob.email]
        )
        assert len(users) == 2


async def test_redelivered_event_is_not_scored_twice(stack: Stack) -> None:
    async with _candidate(stack.gateway_a) as (_, carol):
        interview_id, _ = await _interview(carol, stack)
    request = await stack.sql(
        "SELECT o.body FROM engine.outbox o WHERE o.event_type = 'answer.scoring_requested' "
        "AND o.body LIKE $1 LIMIT 1",
        f"%{interview_id}%",
    )
    before_scores = await stack.sql(
        "SELECT count(*) AS n FROM scoring.scores WHERE interview_id = $1", _uuid(interview_id)
    )
    before_log = await stack.sql(
        "SELECT count(*) AS n FROM gateway.event_log WHERE interview_id = $1", _uuid(interview_id)
    )
    duplicates_before = _metric(stack.scoring.metrics(), "answer.scoring_requested", "duplicate")

    # Redeliver the very same message (same event_id), as the broker would after a lost ack.
    connection = await aio_pika.connect(stack.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(f"{stack.namespace}.events")
        body = request[0]["body"].encode()
        await exchange.publish(
            aio_pika.Message(body, message_id=json.loads(body)["event_id"]),
            routing_key="answer.scoring_requested",
        )

    async def duplicate_seen() -> bool:
        count = _metric(stack.scoring.metrics(), "answer.scoring_requested", "duplicate")
        return count > duplicates_before

    await wait_for(duplicate_seen, timeout=20)
    await asyncio.sleep(0.5)  # would a second score_ready reach the gateway? give it the time
    after_scores = await stack.sql(
        "SELECT count(*) AS n FROM scoring.scores WHERE interview_id = $1", _uuid(interview_id)
    )
    after_log = await stack.sql(
        "SELECT count(*) AS n FROM gateway.event_log WHERE interview_id = $1", _uuid(interview_id)
    )
    assert after_scores[0]["n"] == before_scores[0]["n"] == 3
    assert after_log[0]["n"] == before_log[0]["n"] == 8


async def test_crashed_scoring_service_resumes_after_restart(stack: Stack) -> None:
    async with _candidate(stack.gateway_a) as (_, dave):
        interview = await dave.create_interview(question_count=1)
        async with dave.events(interview["id"]) as stream:
            first = (await stream.until("questions_ready"))["payload"]["first_question"]
            stack.scoring.stop(kill=True)  # crash, not a graceful stop
            try:
                accepted = await dave.answer(
                    interview["id"],
                    first["question_id"],
                    await model_answers(stack)(interview["id"], first["question_id"]),
                )
                assert accepted.status_code == 202
                # Nothing scores it while the service is down; the answer waits in RabbitMQ.
                with pytest.raises(asyncio.TimeoutError):
                    await stream.until("score_ready", timeout=2)
            finally:
                stack.scoring.start()
                stack.scoring.wait_ready()
            score = await stream.until("score_ready", timeout=30)
            assert score["payload"]["question_id"] == first["question_id"]
            assert (await stream.next())["type"] == "interview_end"


def _uuid(value: str) -> Any:
    import uuid

    return uuid.UUID(value)


def _metric(text: str, event_type: str, outcome: str) -> float:
    pattern = (
        r'intervox_events_consumed_total\{[^}]*outcome="'
        + outcome
        + r'"[^}]*type="'
        + re.escape(event_type)
        + r'"[^}]*\} ([0-9.e+]+)'
    )
    alt = (
        r'intervox_events_consumed_total\{[^}]*type="'
        + re.escape(event_type)
        + r'"[^}]*outcome="'
        + outcome
        + r'"[^}]*\} ([0-9.e+]+)'
    )
    for regex in (pattern, alt):
        match = re.search(regex, text)
        if match:
            return float(match.group(1))
    return 0.0
