"""After a real text interview across separate service processes (RabbitMQ + PostgreSQL),
every service's /metrics exposes what the dashboard and the alerts read, with the values
the interview produced; and the correlation id of each HTTP request comes back on the
events it caused."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.conftest import Infra, wait_for
from tests.support.client import Session, register
from tests.support.servers import ServiceProcess, free_port
from tests.support.stack import Stack

pytestmark = pytest.mark.integration

ANSWER_PREFIX = "Here is how I would explain it. "
TTS_SOURCES = Path(__file__).resolve().parents[2] / "services" / "tts" / "src"


class VoiceStack(Stack):
    """The services of the text-interview stack plus stt and tts, which consume the
    questions (tts speaks them, stt keeps them as recognition prompts)."""

    def __init__(self, amqp_url: str, database_url: str, namespace: str, tmp: Path) -> None:
        super().__init__(amqp_url, database_url, namespace, tmp)
        env = {
            "DATABASE_URL": database_url,
            "AMQP_URL": amqp_url,
            "BUS_NAMESPACE": namespace,
            "DATA_DIR": str(tmp),
            "LOG_JSON": "true",
        }
        self.stt = ServiceProcess("stt", "intervox_stt.main", env, free_port(), tmp)
        self.tts = ServiceProcess("tts", "intervox_tts.main", env, free_port(), tmp)

    @property
    def voice(self) -> list[ServiceProcess]:
        return [self.stt, self.tts]


@pytest.fixture(scope="module")
def stack(
    infra: Infra, database_url: str, bus_namespace: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoiceStack]:
    tmp = tmp_path_factory.mktemp("metrics")
    services = VoiceStack(infra.amqp_url, database_url, bus_namespace, tmp)
    started: list[ServiceProcess] = []
    try:
        # The voice services load their models at start: they come after the others, so
        # seven interpreters do not import at once on a small (and shared) machine.
        for group in (services.all, services.voice):
            for service in group:
                service.start()
                started.append(service)
            for service in group:
                service.wait_ready(timeout=180)
        yield services
    finally:
        for service in reversed(started):
            service.stop()


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Prometheus text format → (name, labels, value), with the client library's parser
    (label values hold braces: routes like /api/v1/auth/{rest:path})."""
    return [
        (sample.name, dict(sample.labels), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    ]


def total(texts: list[str], name: str, **labels: str) -> float:
    """Sum of a metric over the replicas' expositions, on samples with these labels."""
    return sum(
        value
        for text in texts
        for sample, have, value in samples(text)
        if sample == name and all(have.get(k) == v for k, v in labels.items())
    )


def present(texts: list[str], name: str) -> bool:
    return all(any(sample == name for sample, _, _ in samples(text)) for text in texts)


async def _interview(gateway: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A 2-question text interview in which every request names its correlation id;
    returns the ids sent (by request) and every event received."""
    tag = uuid.uuid4().hex[:8]
    sent: dict[str, str] = {}
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as http:
        session = await register(http, gateway)
        sent["create"] = f"create-{tag}"
        created = await http.post(
            "/api/v1/interviews",
            json={
                "role": "Backend engineer",
                "seniority": "mid",
                "topics": ["python"],
                "question_count": 2,
            },
            headers={**session.headers, "X-Correlation-ID": sent["create"]},
        )
        assert created.status_code == 201, created.text
        assert created.headers["x-correlation-id"] == sent["create"]
        interview_id = created.json()["id"]
        async with session.events(interview_id) as stream:
            event = await stream.until("questions_ready")
            question = event["payload"]["first_question"]
            for turn in range(6):  # 2 questions, each may get one follow-up
                sent[f"answer-{turn}"] = f"answer-{turn}-{tag}"
                answered = await _answer(session, interview_id, question, sent[f"answer-{turn}"])
                assert answered.status_code == 202, answered.text
                await stream.until("score_ready")
                event = await stream.next()
                while event["type"] == "question_audio_ready":  # whenever tts is done
                    event = await stream.next()
                if event["type"] == "interview_end":
                    break
                assert event["type"] in {"next_question", "follow_up_asked"}, event
                question = event["payload"]["question"]
            await stream.until("report_ready")
        return sent, stream.received


async def _answer(
    session: Session, interview_id: str, question: dict[str, Any], correlation_id: str
) -> httpx.Response:
    return await session.http.post(
        f"/api/v1/interviews/{interview_id}/answers",
        json={
            "question_id": question["question_id"],
            "text": ANSWER_PREFIX + question["text"],
        },
        headers={**session.headers, "X-Correlation-ID": correlation_id},
    )


async def test_every_service_exposes_its_metrics_after_an_interview(stack: VoiceStack) -> None:
    sent, events = await _interview(stack.gateway_a.url)

    # The correlation id of each request is on the events it caused, across services.
    by_type: dict[str, list[str]] = {}
    for event in events:
        by_type.setdefault(event["type"], []).append(event["correlation_id"])
    assert by_type["questions_ready"] == [sent["create"]]
    answers = [v for k, v in sent.items() if k.startswith("answer-")]
    assert by_type["score_ready"] == answers  # gateway → engine → scoring → engine → gateway
    assert set(by_type["report_ready"]) <= set(answers)

    ns = stack.namespace

    # tts speaks each question off the interview's critical path (and loads its voice on
    # the first one): wait until both voice services handled the first question.
    async def voice_caught_up() -> bool:
        return all(
            total([voice.metrics()], "intervox_events_consumed_total", type="questions_ready") >= 1
            for voice in stack.voice
        )

    await wait_for(voice_caught_up, timeout=120, interval=0.5)
    # Per service, every replica's exposition (the gateway has two: the sequencer queue's
    # single active consumer may be either).
    metrics = {
        "auth": [stack.auth.metrics()],
        "gateway": [stack.gateway_a.metrics(), stack.gateway_b.metrics()],
        "interview-engine": [stack.engine.metrics()],
        "scoring": [stack.scoring.metrics()],
        "stt": [stack.stt.metrics()],
        "tts": [stack.tts.metrics()],
    }
    turns = len(answers)

    for service, text in metrics.items():
        # HTTP RED: the readiness polls and, for auth and the gateway, the interview itself.
        assert total(text, "intervox_http_requests_total", service=service) > 0, service
        assert present(text, "intervox_http_request_seconds_bucket"), service
    assert (
        total(metrics["auth"], "intervox_http_requests_total", route="/api/v1/auth/register") >= 1
    )
    assert (
        total(
            metrics["gateway"],
            "intervox_http_requests_total",
            method="POST",
            route="/api/v1/interviews/{interview_id}/answers",
            status="202",
        )
        == turns
    )

    # Events consumed, by outcome, and handler latency: each consumer and its queue.
    consumed = {
        "interview-engine": ("interview-engine", "answer.submitted", f"{ns}.engine"),
        "scoring": ("scoring", "answer.scoring_requested", f"{ns}.scoring"),
        "gateway": ("gateway", "score_ready", f"{ns}.gateway.sequencer"),
        "tts": ("tts", "questions_ready", f"{ns}.tts"),
        "stt": ("stt", "questions_ready", f"{ns}.stt"),
    }
    for service, (consumer, event_type, queue) in consumed.items():
        text = metrics[service]
        handled = total(text, "intervox_events_consumed_total", service=consumer, type=event_type)
        assert handled >= 1, (service, event_type)
        for bad in ("failed", "rejected"):
            assert total(text, "intervox_events_consumed_total", service=consumer, outcome=bad) == 0
        assert total(text, "intervox_handler_seconds_count", service=consumer) >= 1, service
        # Queue depth and consumers, sampled by the consuming service (every replica).
        assert present(text, "intervox_queue_messages"), service
        assert total(text, "intervox_queue_consumers", queue=queue) >= 1, (service, queue)
    assert (
        total(
            metrics["scoring"],
            "intervox_events_consumed_total",
            type="answer.scoring_requested",
            outcome="ok",
        )
        == turns
    )

    # Events published, by type, by their producers (through the outbox).
    published = {
        "gateway": "answer.submitted",
        "interview-engine": "answer.scoring_requested",
        "scoring": "score_ready",
    }
    for service, event_type in published.items():
        assert total(metrics[service], "intervox_events_published_total", type=event_type) >= turns
    assert total(metrics["interview-engine"], "intervox_events_published_total",
                 type="report_ready") >= 1  # fmt: skip

    # The gateway's sockets and relay: every replica receives every sequenced event.
    assert present(metrics["gateway"], "intervox_ws_connections")
    for replica in metrics["gateway"]:
        assert total([replica], "intervox_relay_latency_seconds_count") >= len(events)

    # The TTS metrics of the dashboard, once the engine defines them (test_deploy_monitoring
    # holds their names and types): the interview's questions were spoken.
    tts_sources = " ".join(p.read_text() for p in TTS_SOURCES.rglob("*.py"))
    if '"intervox_tts_synthesis_seconds"' in tts_sources:
        assert total(metrics["tts"], "intervox_tts_synthesis_seconds_count") >= 1
    if '"intervox_tts_cache"' in tts_sources or '"intervox_tts_cache_total"' in tts_sources:
        assert total(metrics["tts"], "intervox_tts_cache_total") >= 1
