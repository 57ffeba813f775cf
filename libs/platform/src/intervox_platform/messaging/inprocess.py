"""An in-process bus with RabbitMQ's routing semantics, for embedded mode and unit tests.

It honours exchanges, topic bindings, fanout, prefetch, redelivery with a delivery limit and
dead-lettering, so the same handlers behave the same. It is not durable: messages in its
queues are lost if the process dies (the outbox still republishes what was committed but
not yet handed to the bus).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from intervox_contracts.routing import DELIVERY_LIMIT, QueueSpec, Topology, topic_matches

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


class UnroutableError(RuntimeError):
    pass


@dataclass
class _Queue:
    spec: QueueSpec
    items: asyncio.Queue[tuple[OutgoingMessage, int]] = field(default_factory=asyncio.Queue)
    consumers: int = 0


class InProcessBus(MessageBus):
    def __init__(self, topology: Topology, *, backoff: bool = True) -> None:
        super().__init__(topology)
        self._queues: dict[str, _Queue] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._workers: list[asyncio.Task[None]] = []
        self._stopping = False
        self._backoff = backoff
        self.dead_letters: dict[str, list[OutgoingMessage]] = {}

    @property
    def is_durable(self) -> bool:
        return False

    async def connect(self) -> None:
        self._stopping = False

    async def declare(self, queues: list[QueueSpec]) -> None:
        for spec in queues:
            self._queues.setdefault(spec.name, _Queue(spec))

    def _routes(self, message: OutgoingMessage) -> list[_Queue]:
        out = []
        for queue in self._queues.values():
            if queue.spec.exchange != message.exchange:
                continue
            if message.exchange == self.topology.relay_exchange or any(
                topic_matches(key, message.routing_key) for key in queue.spec.binding_keys
            ):
                out.append(queue)
        return out

    async def publish(self, message: OutgoingMessage) -> None:
        targets = self._routes(message)
        if not targets and message.exchange != self.topology.relay_exchange:
            # Mirrors mandatory publishing on RabbitMQ: a message nobody can receive is an error.
            raise UnroutableError(f"no queue bound for {message.exchange}/{message.routing_key}")
        for queue in targets:
            queue.items.put_nowait((message, 1))

    async def consume(self, queue: QueueSpec, handler: MessageHandler) -> None:
        state = self._queues[queue.name]
        state.consumers += 1
        self._workers.append(asyncio.create_task(self._worker(state, handler)))

    async def _worker(self, state: _Queue, handler: MessageHandler) -> None:
        slots = asyncio.Semaphore(state.spec.prefetch)
        while not self._stopping:
            message, count = await state.items.get()
            await slots.acquire()
            task = asyncio.create_task(self._deliver(state, handler, message, count))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            task.add_done_callback(lambda _: slots.release())

    async def _deliver(
        self, state: _Queue, handler: MessageHandler, message: OutgoingMessage, count: int
    ) -> None:
        delivery = Delivery(
            body=message.body,
            routing_key=message.routing_key,
            message_id=message.message_id,
            delivery_count=count,
            headers=dict(message.headers),
        )
        try:
            await handler(delivery)
        except RejectMessage:
            self._dead_letter(state, message)
        except Exception:
            log.exception("handler failed", extra={"queue": state.spec.name, "attempt": count})
            if state.spec.transient:
                return
            if count >= DELIVERY_LIMIT:
                self._dead_letter(state, message)
                return
            if self._backoff:
                await asyncio.sleep(redelivery_backoff_s(count))
            state.items.put_nowait((message, count + 1))

    def _dead_letter(self, state: _Queue, message: OutgoingMessage) -> None:
        if state.spec.dead_letter_queue:
            self.dead_letters.setdefault(state.spec.dead_letter_queue, []).append(message)
            log.error("message dead-lettered", extra={"queue": state.spec.name})

    async def stop_consuming(self, grace_s: float = 20.0) -> None:
        self._stopping = True
        for worker in self._workers:
            worker.cancel()
        self._workers.clear()
        for state in self._queues.values():
            state.consumers = 0
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace_s)

    async def close(self) -> None:
        await self.stop_consuming(grace_s=5.0)

    async def ping(self) -> bool:
        return not self._stopping

    async def queue_stats(self, queue_name: str) -> QueueStats:
        state = self._queues.get(queue_name)
        if state is None:
            return QueueStats(messages=0, consumers=0)
        return QueueStats(messages=state.items.qsize(), consumers=state.consumers)

    async def drain(self, timeout_s: float = 10.0) -> None:
        """Wait until every queue is empty and nothing is in flight (tests)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while loop.time() < deadline:
            if not self._tasks and all(q.items.empty() for q in self._queues.values()):
                return
            await asyncio.sleep(0.01)
        raise TimeoutError("in-process bus did not drain")
