"""The message bus seen by services: publish, declare, consume.

Two implementations share this interface: ``AmqpBus`` (RabbitMQ via aio-pika) and
``InProcessBus`` (embedded mode and fast tests). Handlers never see which one runs them.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from intervox_contracts.routing import QueueSpec, Topology


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    type: str
    correlation_id: str | None = None
    headers: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    body: bytes
    routing_key: str
    message_id: str | None
    delivery_count: int
    """1 on the first delivery, 2 on the first redelivery, …"""
    headers: dict[str, object] = field(default_factory=dict)


class RejectMessage(Exception):
    """Raised by a handler for a message that can never succeed: dead-letter it at once."""


MessageHandler = Callable[[Delivery], Awaitable[None]]
"""Return → ack. Raise → redeliver (with backoff) until the delivery limit, then dead-letter."""


@dataclass(frozen=True)
class QueueStats:
    messages: int
    consumers: int


class MessageBus(abc.ABC):
    def __init__(self, topology: Topology) -> None:
        self.topology = topology

    @abc.abstractmethod
    async def connect(self) -> None: ...

    @abc.abstractmethod
    async def declare(self, queues: list[QueueSpec]) -> None:
        """Declare the exchanges and these queues with their dead-letter queues (idempotent)."""

    @abc.abstractmethod
    async def publish(self, message: OutgoingMessage) -> None:
        """Return once the broker has the message; raise if it is unroutable or refused."""

    @abc.abstractmethod
    async def consume(self, queue: QueueSpec, handler: MessageHandler) -> None: ...

    @abc.abstractmethod
    async def stop_consuming(self, grace_s: float = 20.0) -> None:
        """Stop taking new messages and wait for in-flight ones to finish (graceful shutdown)."""

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def ping(self) -> bool: ...

    @abc.abstractmethod
    async def queue_stats(self, queue_name: str) -> QueueStats: ...

    @property
    @abc.abstractmethod
    def is_durable(self) -> bool:
        """True when messages survive a process crash (RabbitMQ), False for in-process."""


def redelivery_backoff_s(delivery_count: int) -> float:
    """Pause before a failed message goes back, so a transient outage is not hammered."""
    return float(min(0.2 * 2 ** (delivery_count - 1), 5.0))
