"""Prometheus metrics every service exposes (labelled by service, so the embedded process,
which runs them all, still tells them apart)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_CONSUMED = Counter(
    "intervox_events_consumed_total",
    "Events taken from the bus, by outcome (ok, duplicate, failed, rejected).",
    ["service", "type", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "intervox_events_published_total", "Events handed to the broker.", ["service", "type"]
)
HANDLER_SECONDS = Histogram(
    "intervox_handler_seconds",
    "Event handler latency, including its transaction.",
    ["service", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUEUE_MESSAGES = Gauge("intervox_queue_messages", "Messages ready in a queue (sampled).", ["queue"])
QUEUE_CONSUMERS = Gauge(
    "intervox_queue_consumers", "Consumers attached to a queue (sampled).", ["queue"]
)
HTTP_REQUESTS = Counter(
    "intervox_http_requests_total", "HTTP requests.", ["service", "method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "intervox_http_request_seconds",
    "HTTP request latency.",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
