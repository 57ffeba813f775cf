"""The one place that says which exchanges, queues and bindings exist.

Topology (``<ns>`` is the bus namespace, ``intervox`` by default)::

    producers ──▶ <ns>.events (topic) ──▶ <ns>.engine / <ns>.scoring / <ns>.stt / <ns>.tts
                                      └─▶ <ns>.gateway.sequencer  (client-facing types)
    gateway.sequencer ── assigns seq, stores ──▶ <ns>.relay (fanout)
                                      └─▶ <ns>.gateway.relay.<replica>  (one per gateway)
    any work queue ── rejected <delivery_limit> times ──▶ <ns>.dlx ──▶ <queue>.dlq

Routing keys are the event ``type`` strings. Work queues are durable quorum queues with a
delivery limit and at-least-once dead-lettering; the per-replica relay queues are exclusive
and transient by design: a gateway replica that dies loses nothing, because its clients
reconnect elsewhere and replay from the sequenced event log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from intervox_contracts import events as ev

DELIVERY_LIMIT = 5
"""Deliveries of one message before it is dead-lettered (a poison message cannot loop)."""


class ExchangeKind(StrEnum):
    TOPIC = "topic"
    FANOUT = "fanout"
    DIRECT = "direct"


@dataclass(frozen=True)
class ExchangeSpec:
    name: str
    kind: ExchangeKind
    description: str


@dataclass(frozen=True)
class QueueSpec:
    name: str
    exchange: str
    binding_keys: tuple[str, ...]
    description: str
    consumer: str
    # Transient per-replica queues (the relay) are exclusive classic queues; everything
    # else is a durable quorum queue with a dead-letter queue.
    transient: bool = False
    prefetch: int = 16
    arguments: dict[str, Any] = field(default_factory=dict)

    @property
    def dead_letter_queue(self) -> str | None:
        return None if self.transient else f"{self.name}.dlq"


@dataclass(frozen=True)
class Topology:
    """Names for one namespace; tests use their own namespace to stay isolated."""

    namespace: str = "intervox"

    @property
    def events_exchange(self) -> str:
        return f"{self.namespace}.events"

    @property
    def relay_exchange(self) -> str:
        return f"{self.namespace}.relay"

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.namespace}.dlx"

    def exchanges(self) -> list[ExchangeSpec]:
        return [
            ExchangeSpec(self.events_exchange, ExchangeKind.TOPIC, "Every domain event."),
            ExchangeSpec(
                self.relay_exchange,
                ExchangeKind.FANOUT,
                "Client-facing events after the gateway gave them their seq.",
            ),
            ExchangeSpec(
                self.dead_letter_exchange,
                ExchangeKind.DIRECT,
                "Messages rejected DELIVERY_LIMIT times, routed by their queue's name.",
            ),
        ]

    def _work_queue(
        self,
        short: str,
        keys: tuple[str, ...],
        consumer: str,
        description: str,
        prefetch: int,
        ordered: bool = False,
    ) -> QueueSpec:
        name = f"{self.namespace}.{short}"
        # An ordered queue is consumed by one consumer at a time, one message at a time:
        # what is published in order is handled in order, whichever replica is active.
        extra: dict[str, Any] = {"x-single-active-consumer": True} if ordered else {}
        return QueueSpec(
            name=name,
            exchange=self.events_exchange,
            binding_keys=keys,
            description=description,
            consumer=consumer,
            prefetch=1 if ordered else prefetch,
            arguments={
                **extra,
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                "x-dead-letter-exchange": self.dead_letter_exchange,
                "x-dead-letter-routing-key": name,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )

    @property
    def engine_queue(self) -> QueueSpec:
        return self._work_queue(
            "engine",
            (
                ev.InterviewRequested.TYPE,
                ev.AnswerSubmitted.TYPE,
                ev.QuestionSkipped.TYPE,
                ev.InterviewEndRequested.TYPE,
                ev.InterviewControlRequested.TYPE,
                ev.TranscriptFinal.TYPE,
                ev.ScoreReady.TYPE,
            ),
            "interview-engine",
            "Commands and results that move an interview forward.",
            prefetch=16,
        )

    @property
    def scoring_queue(self) -> QueueSpec:
        return self._work_queue(
            "scoring",
            (ev.AnswerScoringRequested.TYPE,),
            "scoring",
            "Answers to score.",
            prefetch=4,
        )

    @property
    def stt_queue(self) -> QueueSpec:
        return self._work_queue(
            "stt",
            (
                ev.AnswerAudioSegmentReceived.TYPE,
                ev.AnswerAudioCompleted.TYPE,
                # The question being answered: its words prompt the recogniser (jargon).
                ev.QuestionsReady.TYPE,
                ev.NextQuestionAsked.TYPE,
                ev.FollowUpAsked.TYPE,
            ),
            "stt",
            "Spoken answer segments to transcribe, and the questions they answer.",
            prefetch=2,
        )

    @property
    def tts_queue(self) -> QueueSpec:
        return self._work_queue(
            "tts",
            (
                ev.InterviewRequested.TYPE,
                ev.QuestionsReady.TYPE,
                ev.QuestionsUpcoming.TYPE,
                ev.NextQuestionAsked.TYPE,
                ev.FollowUpAsked.TYPE,
                ev.QuestionRepeated.TYPE,
                ev.InterviewResumed.TYPE,
            ),
            "tts",
            "Questions to speak, in the voice and speed each interview asked for.",
            prefetch=4,
        )

    @property
    def sequencer_queue(self) -> QueueSpec:
        return self._work_queue(
            "gateway.sequencer",
            (*sorted(ev.RELAYED_TYPES), ev.InterviewStarted.TYPE),
            "gateway",
            "Client-facing events to number, store and fan out to the gateway replicas "
            "(and interview.started, which only moves the gateway's projection).",
            prefetch=1,
            # seq must follow publication order (interview_end before report_ready, both
            # from one transaction), so numbering is serial. One sequencing is one short
            # transaction (~2-5 ms): a few hundred events/s. Past that, shard the queue by
            # interview id, one single-active-consumer queue per shard.
            ordered=True,
        )

    def relay_queue(self, replica_id: str) -> QueueSpec:
        return QueueSpec(
            name=f"{self.namespace}.gateway.relay.{replica_id}",
            exchange=self.relay_exchange,
            binding_keys=("",),
            description="One gateway replica's feed of sequenced events for its sockets.",
            consumer="gateway",
            transient=True,
            prefetch=256,
        )

    def work_queues(self) -> list[QueueSpec]:
        return [
            self.engine_queue,
            self.scoring_queue,
            self.stt_queue,
            self.tts_queue,
            self.sequencer_queue,
        ]


def topic_matches(pattern: str, routing_key: str) -> bool:
    """AMQP topic matching: ``*`` is one dot-separated word, ``#`` is zero or more."""

    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        head, rest = p[0], p[1:]
        if head == "#":
            return any(match(rest, k[i:]) for i in range(len(k) + 1))
        if not k:
            return False
        return (head == "*" or head == k[0]) and match(rest, k[1:])

    return match(pattern.split("."), routing_key.split("."))
