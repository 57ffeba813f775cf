"""Intervox event contracts: the envelope, every event, and the broker topology."""

from intervox_contracts.envelope import Event, Payload, utc_now
from intervox_contracts.events import ALL_EVENTS, EVENT_TYPES, RELAYED_TYPES, parse_event
from intervox_contracts.routing import DELIVERY_LIMIT, QueueSpec, Topology

__all__ = [
    "ALL_EVENTS",
    "DELIVERY_LIMIT",
    "EVENT_TYPES",
    "RELAYED_TYPES",
    "Event",
    "Payload",
    "QueueSpec",
    "Topology",
    "parse_event",
    "utc_now",
]
