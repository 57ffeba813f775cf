"""Fan sequenced events out to the WebSockets this replica holds."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from intervox_contracts import Event, parse_event, utc_now
from intervox_platform.messaging import Delivery
from prometheus_client import Gauge, Histogram

log = logging.getLogger(__name__)

WS_CONNECTIONS = Gauge("intervox_ws_connections", "Open interview WebSockets on this replica.")
RELAY_LATENCY = Histogram(
    "intervox_relay_latency_seconds",
    "From an event's occurred_at to its hand-off to this replica's sockets.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


@dataclass(eq=False)  # identity semantics: each socket is its own subscriber
class Subscriber:
    interview_id: uuid.UUID
    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(maxsize=1000))


class RelayHub:
    def __init__(self) -> None:
        self._subscribers: dict[uuid.UUID, set[Subscriber]] = defaultdict(set)

    def subscribe(self, interview_id: uuid.UUID) -> Subscriber:
        subscriber = Subscriber(interview_id)
        self._subscribers[interview_id].add(subscriber)
        WS_CONNECTIONS.inc()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        group = self._subscribers.get(subscriber.interview_id)
        if group is not None and subscriber in group:
            group.discard(subscriber)
            WS_CONNECTIONS.dec()
            if not group:
                del self._subscribers[subscriber.interview_id]

    def dispatch(self, event: Event) -> None:
        for subscriber in list(self._subscribers.get(event.interview_id, ())):
            try:
                subscriber.queue.put_nowait(event)
            except asyncio.QueueFull:
                # A stalled socket: drop; it refills the gap from the log on the next event.
                log.warning(
                    "subscriber queue full", extra={"interview_id": str(event.interview_id)}
                )

    async def on_delivery(self, delivery: Delivery) -> None:
        event = parse_event(delivery.body)
        RELAY_LATENCY.observe(max(0.0, (utc_now() - event.occurred_at).total_seconds()))
        self.dispatch(event)
