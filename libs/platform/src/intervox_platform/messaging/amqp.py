"""RabbitMQ bus over aio-pika.

Why aio-pika directly and not FastStream: the guarantees this project needs are a handful of
explicit choices — publisher confirms with ``mandatory`` (unroutable raises), quorum queues
with ``x-delivery-limit`` and at-least-once dead-lettering, manual ack *after* the handler's
transaction committed, consumer cancellation for graceful shutdown — and each is one line of
aio-pika. A framework layer would hide exactly these lines, and its FastAPI integration is
being removed anyway. The adapter stays ~150 lines and is covered by integration tests.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from intervox_contracts.routing import QueueSpec, Topology

from intervox_platform.messaging.bus import (
    Delivery,
    MessageBus,
    MessageHandler,
    OutgoingMessage,
    QueueStats,
    RejectMessage,
    redelivery_backoff_s,
)

log = logging.getLogger(__name__)


class AmqpBus(MessageBus):
    def __init__(self, url: str, topology: Topology) -> None:
        super().__init__(topology)
        self._url = url
        self._connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self._exchanges: dict[str, AbstractExchange] = {}
        self._consumers: list[tuple[AbstractQueue, str]] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._consumer_channels: list[AbstractChannel] = []

    @property
    def is_durable(self) -> bool:
        return True

    @property
    def connection(self) -> AbstractRobustConnection:
        if self._connection is None:
            raise RuntimeError("bus is not connected")
        return self._connection

    async def connect(self, timeout_s: float = 60.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout_s
        delay = 0.25
        while True:
            try:
                self._connection = await aio_pika.connect_robust(self._url, timeout=10)
                break
            except (OSError, aio_pika.exceptions.AMQPConnectionError) as exc:
                if asyncio.get_running_loop().time() >= deadline:
                    raise RuntimeError(f"RabbitMQ not reachable: {exc}") from exc
                log.warning("waiting for RabbitMQ", extra={"error": str(exc)})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 3.0)
        # Confirms: publish() returns only once the broker took responsibility for the
        # message; on_return_raises turns an unroutable mandatory message into an error.
        self._publish_channel = await self.connection.channel(
            publisher_confirms=True, on_return_raises=True
        )
        for spec in self.topology.exchanges():
            self._exchanges[spec.name] = await self._publish_channel.declare_exchange(
                spec.name, aio_pika.ExchangeType(spec.kind.value), durable=True
            )

    async def declare(self, queues: list[QueueSpec]) -> None:
        channel = await self.connection.channel()
        try:
            dlx = await channel.get_exchange(self.topology.dead_letter_exchange)
            for spec in queues:
                await self._declare_queue(channel, spec)
                if spec.dead_letter_queue:
                    dlq = await channel.declare_queue(
                        spec.dead_letter_queue,
                        durable=True,
                        arguments={"x-queue-type": "quorum"},
                    )
                    await dlq.bind(dlx, routing_key=spec.name)
        finally:
            await channel.close()

    async def _declare_queue(self, channel: AbstractChannel, spec: QueueSpec) -> AbstractQueue:
        if spec.transient:
            queue = await channel.declare_queue(
                spec.name, durable=False, exclusive=True, auto_delete=True
            )
        else:
            queue = await channel.declare_queue(spec.name, durable=True, arguments=spec.arguments)
        exchange = await channel.get_exchange(spec.exchange)
        for key in spec.binding_keys:
            await queue.bind(exchange, routing_key=key)
        return queue

    async def publish(self, message: OutgoingMessage) -> None:
        exchange = self._exchanges[message.exchange]
        await exchange.publish(
            aio_pika.Message(
                body=message.body,
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=message.message_id,
                correlation_id=message.correlation_id,
                type=message.type,
                headers=dict(message.headers),
            ),
            routing_key=message.routing_key,
            # Work events must reach a queue; the relay fan-out may have no replica up.
            mandatory=message.exchange != self.topology.relay_exchange,
        )

    async def consume(self, queue: QueueSpec, handler: MessageHandler) -> None:
        channel = await self.connection.channel()
        await channel.set_qos(prefetch_count=queue.prefetch)
        self._consumer_channels.append(channel)
        declared = await self._declare_queue(channel, queue)

        async def on_message(message: AbstractIncomingMessage) -> None:
            task = asyncio.current_task()
            if task is not None:
                self._in_flight.add(task)
            try:
                await self._handle(queue, handler, message)
            finally:
                if task is not None:
                    self._in_flight.discard(task)

        tag = await declared.consume(on_message, no_ack=False)
        self._consumers.append((declared, tag))

    async def _handle(
        self, queue: QueueSpec, handler: MessageHandler, message: AbstractIncomingMessage
    ) -> None:
        headers: dict[str, Any] = dict(message.headers or {})
        # Quorum queues count earlier deliveries in x-delivery-count (absent on the first).
        count = int(headers.get("x-delivery-count", 0) or 0) + 1
        delivery = Delivery(
            body=message.body,
            routing_key=message.routing_key or "",
            message_id=message.message_id,
            delivery_count=count,
            headers=headers,
        )
        try:
            await handler(delivery)
        except RejectMessage:
            log.error("message rejected to the dead-letter queue", extra={"queue": queue.name})
            await message.reject(requeue=False)
            return
        except Exception:
            log.exception("handler failed", extra={"queue": queue.name, "attempt": count})
            await asyncio.sleep(redelivery_backoff_s(count))
            # Requeue: the broker counts it and dead-letters past x-delivery-limit.
            await message.nack(requeue=not queue.transient)
            return
        await message.ack()

    async def stop_consuming(self, grace_s: float = 20.0) -> None:
        for queue, tag in self._consumers:
            try:
                await queue.cancel(tag)
            except Exception:  # the channel may already be gone
                log.debug("cancel failed", exc_info=True)
        self._consumers.clear()
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace_s)

    async def close(self) -> None:
        await self.stop_consuming(grace_s=5.0)
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def ping(self) -> bool:
        return self._connection is not None and not self._connection.is_closed

    async def queue_stats(self, queue_name: str) -> QueueStats:
        channel = await self.connection.channel()
        try:
            queue = await channel.declare_queue(queue_name, passive=True)
            result = queue.declaration_result
            return QueueStats(
                messages=int(result.message_count or 0),
                consumers=int(result.consumer_count or 0),
            )
        finally:
            if not channel.is_closed:
                await channel.close()
