"""The event contracts other teams rely on: shape, routing, published-schema stability."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from intervox_contracts import ALL_EVENTS, RELAYED_TYPES, Topology, parse_event
from intervox_contracts.asyncapi import render_document, render_snapshots, snapshot_name
from intervox_contracts.compat import breaking_changes
from intervox_contracts.events import AnswerSubmitted, AnswerSubmittedPayload, ScoreReady
from intervox_contracts.routing import topic_matches
from pydantic import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def test_asyncapi_document_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "asyncapi.yaml").read_text(encoding="utf-8")
    assert committed == render_document(), (
        "docs/asyncapi.yaml is stale: run `make contracts` and commit the result"
    )


@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda e: e.TYPE)
def test_published_event_schema_has_no_breaking_change(event: type) -> None:
    snapshot = ROOT / "libs" / "contracts" / "schemas" / snapshot_name(event)
    assert snapshot.exists(), f"no snapshot for {event.TYPE}: run `make contracts`"
    old = json.loads(snapshot.read_text(encoding="utf-8"))
    new = json.loads(render_snapshots()[snapshot_name(event)])
    problems = breaking_changes(old, new)
    assert not problems, f"{event.TYPE} v{event.VERSION} changed incompatibly: {problems}"


def test_compat_checker_catches_removed_retyped_and_required_fields() -> None:
    old = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
        "required": ["a"],
    }
    assert breaking_changes(old, old) == []
    added_optional = {**old, "properties": {**old["properties"], "c": {"type": "string"}}}
    assert breaking_changes(old, added_optional) == []
    removed = {**old, "properties": {"a": {"type": "string"}}}
    assert breaking_changes(old, removed) == ["$.b: removed"]
    retyped = {**old, "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}}
    assert "type" in breaking_changes(old, retyped)[0]
    required = {**old, "required": ["a", "b"]}
    assert breaking_changes(old, required) == ["$.b: now required"]


def test_every_event_type_reaches_a_queue() -> None:
    """Publishing is mandatory: an event nobody consumes would be refused by the broker."""
    topology = Topology()
    for event in ALL_EVENTS:
        bound = [
            q
            for q in topology.work_queues()
            if any(topic_matches(k, event.TYPE) for k in q.binding_keys)
        ]
        assert bound, f"{event.TYPE} is bound to no queue"


def test_every_relayed_event_is_sequenced_and_work_queues_dead_letter() -> None:
    topology = Topology("ns")
    assert set(topology.sequencer_queue.binding_keys) >= RELAYED_TYPES
    assert topology.sequencer_queue.arguments["x-single-active-consumer"] is True
    for queue in topology.work_queues():
        assert queue.arguments["x-queue-type"] == "quorum"
        assert queue.arguments["x-delivery-limit"] >= 1
        assert queue.arguments["x-dead-letter-exchange"] == "ns.dlx"
        assert queue.dead_letter_queue == f"{queue.name}.dlq"
    assert topology.relay_queue("r1").transient


def test_event_round_trips_and_keeps_its_causal_chain() -> None:
    command = AnswerSubmitted.create(
        AnswerSubmittedPayload(answer_id=uuid.uuid4(), question_id="q1", text="An answer."),
        interview_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        correlation_id="req-1",
    )
    decoded = parse_event(command.to_json())
    assert decoded == command
    assert decoded.seq is None
    assert decoded.version == 1
    sequenced = command.with_seq(4)
    assert parse_event(sequenced.to_json()).seq == 4


def test_consumers_ignore_unknown_fields_but_reject_bad_ones() -> None:
    raw = json.loads(
        AnswerSubmitted.create(
            AnswerSubmittedPayload(answer_id=uuid.uuid4(), question_id="q1", text="x"),
            interview_id=uuid.uuid4(),
            user_id=uuid.uuid4(),
        ).to_json()
    )
    raw["payload"]["added_later"] = "fine"
    raw["also_new"] = 1
    assert parse_event(json.dumps(raw)).type == "answer.submitted"
    raw["payload"]["text"] = ""
    with pytest.raises(ValidationError):
        parse_event(json.dumps(raw))
    raw["type"] = "no.such_event"
    with pytest.raises(ValidationError):
        parse_event(json.dumps(raw))


def test_score_is_bounded() -> None:
    fields = ScoreReady.model_fields["payload"].annotation.model_fields  # type: ignore[union-attr]
    assert "overall" in fields
    assert "model_answer" in fields


@pytest.mark.parametrize(
    ("pattern", "key", "expected"),
    [
        ("score_ready", "score_ready", True),
        ("transcript.*", "transcript.partial", True),
        ("transcript.*", "transcript", False),
        ("#", "a.b.c", True),
        ("a.#.c", "a.c", True),
        ("a.#.c", "a.x.y.c", True),
        ("a.*.c", "a.x.y.c", False),
    ],
)
def test_topic_matching(pattern: str, key: str, expected: bool) -> None:
    assert topic_matches(pattern, key) is expected


@pytest.mark.parametrize(
    ("service", "queue"),
    [
        ("intervox_engine", "engine_queue"),
        ("intervox_scoring", "scoring_queue"),
        ("intervox_stt", "stt_queue"),
        ("intervox_tts", "tts_queue"),
        ("intervox_gateway", "sequencer_queue"),
    ],
)
def test_every_handled_event_reaches_its_service(service: str, queue: str) -> None:
    """A handler whose event type is not bound to its service's queue would never run:
    the routing table (the one source of truth) must route every handled type there."""
    import importlib

    handlers = importlib.import_module(f"{service}.handlers").HANDLERS
    spec = getattr(Topology("t"), queue)
    unrouted = [
        event_type
        for event_type in handlers
        if not any(topic_matches(key, event_type) for key in spec.binding_keys)
    ]
    assert unrouted == [], f"{service} handles {unrouted} but {spec.name} is not bound to them"
