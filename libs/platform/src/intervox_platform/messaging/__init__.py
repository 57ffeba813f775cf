"""Message bus, inbox/outbox and the consumer adapter."""

from __future__ import annotations

from intervox_contracts.routing import Topology

from intervox_platform.messaging.bus import Delivery, MessageBus, OutgoingMessage, RejectMessage
from intervox_platform.messaging.consumer import EventConsumer
from intervox_platform.messaging.inprocess import InProcessBus
from intervox_platform.messaging.outbox import Messaging, UnitOfWork


def make_bus(amqp_url: str | None, namespace: str) -> MessageBus:
    topology = Topology(namespace)
    if amqp_url:
        from intervox_platform.messaging.amqp import AmqpBus

        return AmqpBus(amqp_url, topology)
    return InProcessBus(topology)


__all__ = [
    "Delivery",
    "EventConsumer",
    "InProcessBus",
    "MessageBus",
    "Messaging",
    "OutgoingMessage",
    "RejectMessage",
    "UnitOfWork",
    "make_bus",
]
