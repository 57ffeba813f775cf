"""Inspect and replay dead-lettered messages: the ``intervox-dlq`` command.

A work queue's poison messages end up in ``<queue>.dlq`` (see ``intervox_contracts.routing``):
rejected at once when undecodable, or after ``DELIVERY_LIMIT`` failed deliveries. Once the
cause is fixed (a bug fix deployed, a provider back up), ``replay`` publishes them back to the
events exchange under their original routing key, so they are routed exactly as when they
were first published. Consumers' inboxes make a replayed event that some queue had already
handled a no-op (counted as ``outcome="duplicate"``).

Nothing is lost on the way: a message leaves the DLQ (ack) only after the broker confirmed
its republication (publisher confirms + ``mandatory``), so a crash mid-replay leaves a copy
in both places, never in neither. Messages that are skipped (``--type`` filter, dry run) or
fail to republish are handed back to the DLQ when the command ends.

Usage::

    intervox-dlq list                              # depth of every DLQ
    intervox-dlq list --queue scoring --limit 5    # the first five dead letters of one queue
    intervox-dlq replay --queue scoring --dry-run  # what would be replayed
    intervox-dlq replay --queue scoring --limit 10 [--type answer.scoring_requested]

``AMQP_URL`` and ``BUS_NAMESPACE`` come from the environment like every service's
(``--amqp-url`` / ``--namespace`` override them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage
from intervox_contracts.routing import QueueSpec, Topology

from intervox_platform.settings import ServiceSettings

REPLAY_COUNT_HEADER = "x-intervox-replays"
REPLAYED_FROM_HEADER = "x-intervox-replayed-from"

# Headers the broker wrote while the message died; a replayed message must look fresh, or
# the consumer would count the old x-delivery-count against its delivery limit.
_BROKER_HEADERS = ("x-death", "x-delivery-count")
_BROKER_HEADER_PREFIXES = ("x-first-death-", "x-last-death-")


class DlqError(Exception):
    """A problem the operator can fix (unknown queue, broker unreachable)."""


@dataclass(frozen=True)
class DeadLetter:
    """One dead-lettered message, as the operator sees it."""

    dlq: str
    routing_key: str
    """The routing key it was first published with (what a replay uses)."""
    event_type: str | None
    event_id: str | None
    interview_id: str | None
    correlation_id: str | None
    reason: str | None
    """Why it died: ``rejected`` (undecodable or refused), ``delivery_limit``, ``expired``."""
    source_queue: str | None
    deaths: int
    size: int


@dataclass
class ReplayReport:
    dlq: str
    dry_run: bool
    replayed: list[DeadLetter] = field(default_factory=list)
    skipped: list[DeadLetter] = field(default_factory=list)
    failed: list[tuple[DeadLetter, str]] = field(default_factory=list)
    remaining: int = 0


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def _death_entry(headers: Mapping[str, Any], source_queue: str | None) -> Mapping[str, Any]:
    deaths = headers.get("x-death")
    if not isinstance(deaths, list) or not deaths:
        return {}
    entries = [d for d in deaths if isinstance(d, Mapping)]
    for entry in entries:
        if source_queue and _text(entry.get("queue")) == source_queue:
            return entry
    return entries[-1] if entries else {}


def describe(message: AbstractIncomingMessage, dlq: str) -> DeadLetter:
    """Summarise a dead letter without changing it."""
    headers: Mapping[str, Any] = message.headers or {}
    source = dlq[: -len(".dlq")] if dlq.endswith(".dlq") else None
    death = _death_entry(headers, source)
    keys = death.get("routing-keys")
    original_key = _text(keys[0]) if isinstance(keys, list) and keys else None
    envelope: dict[str, Any] = {}
    try:
        decoded = json.loads(message.body)
        if isinstance(decoded, dict):
            envelope = decoded
    except ValueError:
        pass  # undecodable bodies are exactly what ends up here; show what the headers say
    event_type = _text(envelope.get("type")) or message.type
    count = death.get("count")
    return DeadLetter(
        dlq=dlq,
        routing_key=original_key or event_type or message.routing_key or "",
        event_type=event_type,
        event_id=_text(envelope.get("event_id")) or message.message_id,
        interview_id=_text(envelope.get("interview_id")),
        correlation_id=_text(envelope.get("correlation_id")) or message.correlation_id,
        reason=_text(death.get("reason")) or _text(headers.get("x-first-death-reason")),
        source_queue=_text(death.get("queue")) or source,
        deaths=int(count) if isinstance(count, int) else (1 if death else 0),
        size=len(message.body),
    )


def replay_headers(headers: Mapping[str, Any], dlq: str) -> dict[str, Any]:
    """The headers a replayed message carries: the producer's, minus the broker's, plus a
    replay counter (so an operator can tell a message that keeps dying after replays)."""
    kept = {
        key: value
        for key, value in headers.items()
        if key not in _BROKER_HEADERS and not key.startswith(_BROKER_HEADER_PREFIXES)
    }
    previous = kept.get(REPLAY_COUNT_HEADER, 0)
    kept[REPLAY_COUNT_HEADER] = (previous if isinstance(previous, int) else 0) + 1
    kept[REPLAYED_FROM_HEADER] = dlq
    return kept


def resolve_queue(topology: Topology, name: str) -> QueueSpec:
    """``scoring``, ``intervox.scoring`` and ``intervox.scoring.dlq`` all name one queue."""
    wanted = name.removesuffix(".dlq")
    for spec in topology.work_queues():
        short = spec.name.removeprefix(f"{topology.namespace}.")
        if wanted in (spec.name, short):
            return spec
    known = ", ".join(q.name.removeprefix(f"{topology.namespace}.") for q in topology.work_queues())
    raise DlqError(f"unknown queue {name!r}; the work queues are: {known}")


class DeadLetters:
    """Operations on one namespace's dead-letter queues over an open connection."""

    def __init__(self, connection: AbstractConnection, topology: Topology) -> None:
        self.connection = connection
        self.topology = topology

    async def depth(self, dlq: str) -> int:
        channel = await self.connection.channel()
        try:
            queue = await channel.declare_queue(dlq, passive=True)
            return int(queue.declaration_result.message_count or 0)
        except aio_pika.exceptions.ChannelNotFoundEntity as exc:
            raise DlqError(f"{dlq} does not exist (has the service ever started?)") from exc
        finally:
            if not channel.is_closed:
                await channel.close()

    async def depths(self) -> dict[str, int | None]:
        """Messages in every work queue's DLQ (None: not declared yet)."""
        result: dict[str, int | None] = {}
        for spec in self.topology.work_queues():
            assert spec.dead_letter_queue is not None
            try:
                result[spec.dead_letter_queue] = await self.depth(spec.dead_letter_queue)
            except DlqError:
                result[spec.dead_letter_queue] = None
        return result

    async def _take(self, channel: AbstractChannel, dlq: str) -> AbstractIncomingMessage | None:
        queue = await channel.declare_queue(dlq, passive=True)
        return await queue.get(no_ack=False, fail=False)

    async def peek(self, queue: QueueSpec, limit: int) -> list[DeadLetter]:
        """The first ``limit`` dead letters; they stay in the queue."""
        dlq = self._dlq(queue)
        await self.depth(dlq)  # a clear error for a DLQ that does not exist
        channel = await self.connection.channel()
        held: list[AbstractIncomingMessage] = []
        try:
            while len(held) < limit:
                message = await self._take(channel, dlq)
                if message is None:
                    break
                held.append(message)
            return [describe(m, dlq) for m in held]
        finally:
            # Held unacked, each message is read once; closing the channel hands them all
            # back (a release, not a reject: it does not count as a failed delivery).
            await channel.close()
            await self._settle(dlq, returned=len(held))

    async def replay(
        self,
        queue: QueueSpec,
        *,
        limit: int,
        types: Sequence[str] = (),
        dry_run: bool = False,
    ) -> ReplayReport:
        dlq = self._dlq(queue)
        await self.depth(dlq)
        report = ReplayReport(dlq=dlq, dry_run=dry_run)
        source = await self.connection.channel()
        target = await self.connection.channel(publisher_confirms=True, on_return_raises=True)
        held: list[AbstractIncomingMessage] = []
        try:
            exchange = await target.get_exchange(self.topology.events_exchange)
            examined = 0
            while examined < limit:
                message = await self._take(source, dlq)
                if message is None:
                    break
                examined += 1
                letter = describe(message, dlq)
                if types and letter.event_type not in types:
                    report.skipped.append(letter)
                    held.append(message)
                    continue
                if dry_run:
                    report.replayed.append(letter)
                    held.append(message)
                    continue
                try:
                    await exchange.publish(
                        aio_pika.Message(
                            body=message.body,
                            content_type=message.content_type or "application/json",
                            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                            message_id=message.message_id,
                            correlation_id=message.correlation_id,
                            type=message.type,
                            headers=replay_headers(message.headers or {}, dlq),
                        ),
                        routing_key=letter.routing_key,
                        mandatory=True,
                    )
                except (aio_pika.exceptions.DeliveryError, aio_pika.exceptions.PublishError) as exc:
                    # Unroutable (no queue binds this type any more) or refused: keep it.
                    report.failed.append((letter, f"not republished: {exc}"))
                    held.append(message)
                    continue
                await message.ack()
                report.replayed.append(letter)
        finally:
            # Skipped and failed messages were held unacked: closing returns them to the DLQ.
            await source.close()
            await target.close()
        report.remaining = await self._settle(dlq, returned=len(held))
        return report

    async def _settle(self, dlq: str, returned: int, timeout_s: float = 5.0) -> int:
        """The DLQ's depth once the ``returned`` messages a closed channel held are back.

        The broker confirms a channel's close before its queue has put the unacked messages
        back, so a depth read right after the close can miss them (and a second command run
        at once would not see them). Wait, briefly, until they are counted again.
        """
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            depth = await self.depth(dlq)
            if depth >= returned or asyncio.get_running_loop().time() >= deadline:
                return depth
            await asyncio.sleep(0.02)

    @staticmethod
    def _dlq(queue: QueueSpec) -> str:
        if queue.dead_letter_queue is None:
            raise DlqError(f"{queue.name} has no dead-letter queue")
        return queue.dead_letter_queue


async def connect(url: str, timeout_s: float = 10.0) -> AbstractConnection:
    try:
        return await aio_pika.connect(url, timeout=timeout_s)
    except (TimeoutError, OSError, aio_pika.exceptions.AMQPConnectionError) as exc:
        raise DlqError(f"RabbitMQ not reachable at {_redact(url)}: {exc}") from exc


def _redact(url: str) -> str:
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1) if "://" in url else ("amqp", url)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intervox-dlq",
        description="List and replay Intervox dead-lettered messages.",
    )
    parser.add_argument("--amqp-url", help="RabbitMQ URL (default: $AMQP_URL).")
    parser.add_argument("--namespace", help="Bus namespace (default: $BUS_NAMESPACE).")
    parser.add_argument("--json", action="store_true", help="Machine-readable output.")
    commands = parser.add_subparsers(dest="command", required=True)

    listing = commands.add_parser("list", help="DLQ depths, or one DLQ's first messages.")
    listing.add_argument("--queue", help="engine, scoring, stt, tts or gateway.sequencer.")
    listing.add_argument("--limit", type=_positive, default=20, help="Messages to show.")

    replay = commands.add_parser("replay", help="Publish dead letters back to the events exchange.")
    replay.add_argument("--queue", required=True, help="The work queue whose DLQ to replay.")
    replay.add_argument("--limit", type=_positive, default=100, help="Messages to examine.")
    replay.add_argument(
        "--type", action="append", default=[], dest="types", help="Only this event type."
    )
    replay.add_argument("--dry-run", action="store_true", help="Show, change nothing.")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _letter_line(letter: DeadLetter) -> str:
    return (
        f"  {letter.event_type or '?':<28} {letter.event_id or '-':<36} "
        f"reason={letter.reason or '?'} deaths={letter.deaths} "
        f"interview={letter.interview_id or '-'} correlation={letter.correlation_id or '-'}"
    )


async def _run(args: argparse.Namespace) -> int:
    settings = ServiceSettings()
    url = args.amqp_url or settings.amqp_url
    if not url:
        raise DlqError("no broker: set AMQP_URL or pass --amqp-url")
    topology = Topology(args.namespace or settings.bus_namespace)
    connection = await connect(url)
    try:
        letters = DeadLetters(connection, topology)
        if args.command == "list":
            if args.queue is None:
                depths = await letters.depths()
                if args.json:
                    print(json.dumps(depths))
                else:
                    for name, depth in depths.items():
                        print(f"{name:<44} {'not declared' if depth is None else depth}")
                return 0
            queue = resolve_queue(topology, args.queue)
            assert queue.dead_letter_queue is not None
            depth = await letters.depth(queue.dead_letter_queue)
            shown = await letters.peek(queue, args.limit)
            if args.json:
                messages = [asdict(m) for m in shown]
                print(
                    json.dumps(
                        {"dlq": queue.dead_letter_queue, "depth": depth, "messages": messages}
                    )
                )
            else:
                print(f"{queue.dead_letter_queue}: {depth} message(s)")
                for letter in shown:
                    print(_letter_line(letter))
            return 0

        queue = resolve_queue(topology, args.queue)
        report = await letters.replay(
            queue, limit=args.limit, types=args.types, dry_run=args.dry_run
        )
        if args.json:
            print(
                json.dumps(
                    {
                        "dlq": report.dlq,
                        "dry_run": report.dry_run,
                        "replayed": [asdict(m) for m in report.replayed],
                        "skipped": [asdict(m) for m in report.skipped],
                        "failed": [{**asdict(m), "error": e} for m, e in report.failed],
                        "remaining": report.remaining,
                    }
                )
            )
        else:
            verb = "would replay" if report.dry_run else "replayed"
            counts = (len(report.replayed), len(report.skipped), len(report.failed))
            print(
                f"{report.dlq}: {verb} {counts[0]}, skipped {counts[1]}, failed {counts[2]}, "
                f"{report.remaining} left"
            )
            for letter in report.replayed:
                print(_letter_line(letter))
            for letter, error in report.failed:
                print(f"{_letter_line(letter)}\n    {error}", file=sys.stderr)
        return 1 if report.failed else 0
    finally:
        await connection.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The command reports connection errors itself; the client library's retries are noise.
    for noisy in ("aiormq", "aio_pika"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    try:
        return asyncio.run(_run(args))
    except DlqError as exc:
        print(f"intervox-dlq: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
