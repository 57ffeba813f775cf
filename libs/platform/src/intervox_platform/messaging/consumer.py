"""Run plain domain handlers — ``async (event, deps) -> events`` — behind the bus.

The adapter decodes the message, opens a unit of work, skips events this consumer already
processed, calls the handler, stores the events it returns in the outbox, commits, and only
then lets the bus ack. The handler knows nothing of RabbitMQ.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from intervox_contracts import Event, parse_event
from pydantic import ValidationError

from intervox_platform.logging import correlation_id
from intervox_platform.messaging.bus import Delivery, RejectMessage
from intervox_platform.messaging.outbox import Messaging, UnitOfWork
from intervox_platform.metrics import EVENTS_CONSUMED, HANDLER_SECONDS

log = logging.getLogger(__name__)

Deps = TypeVar("Deps")
Handler = Callable[[Any, Deps], Awaitable[Sequence[Event]]]


class EventConsumer(Generic[Deps]):
    def __init__(
        self,
        name: str,
        messaging: Messaging,
        handlers: dict[str, Handler[Deps]],
        make_deps: Callable[[UnitOfWork], Deps],
        output_exchange: str | None = None,
    ) -> None:
        self.name = name
        self.messaging = messaging
        self.handlers = handlers
        self.make_deps = make_deps
        self.output_exchange = output_exchange

    async def __call__(self, delivery: Delivery) -> None:
        service = self.messaging.service
        try:
            event = parse_event(delivery.body)
        except ValidationError as exc:
            EVENTS_CONSUMED.labels(service, delivery.routing_key, "rejected").inc()
            log.error(
                "undecodable message",
                extra={"routing_key": delivery.routing_key, "error": str(exc)[:500]},
            )
            raise RejectMessage(str(exc)) from exc
        handler = self.handlers.get(event.type)
        if handler is None:
            # Bound but not handled here (e.g. a newer event type): nothing to do.
            EVENTS_CONSUMED.labels(service, event.type, "ignored").inc()
            return
        token = correlation_id.set(event.correlation_id)
        started = time.perf_counter()
        try:
            async with self.messaging.unit_of_work() as uow:
                if not await uow.claim(self.name, event):
                    EVENTS_CONSUMED.labels(service, event.type, "duplicate").inc()
                    log.info(
                        "duplicate event ignored",
                        extra={"event_id": str(event.event_id), "type": event.type},
                    )
                    return
                produced = await handler(event, self.make_deps(uow))
                for out in produced:
                    await uow.emit(out, exchange=self.output_exchange)
            EVENTS_CONSUMED.labels(service, event.type, "ok").inc()
        except Exception:
            EVENTS_CONSUMED.labels(service, event.type, "failed").inc()
            raise
        finally:
            HANDLER_SECONDS.labels(service, event.type).observe(time.perf_counter() - started)
            correlation_id.reset(token)
