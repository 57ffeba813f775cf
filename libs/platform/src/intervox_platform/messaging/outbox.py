"""Transactional inbox and outbox: exactly-once effects over an at-least-once broker.

A handler's database writes, the record that its input event was processed (inbox) and the
events it produced (outbox) commit in one transaction. Only then is the input acked and the
outbox published. A crash anywhere leaves one of two states, both safe:

* not committed → the broker redelivers the input; nothing was written or published;
* committed, not yet published → the outbox relay publishes on the next sweep or restart,
  and a redelivered input is recognised by its inbox row and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from intervox_contracts import Event, utc_now
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_platform.db import UtcDateTime, is_sqlite
from intervox_platform.messaging.bus import MessageBus, OutgoingMessage
from intervox_platform.metrics import EVENTS_PUBLISHED

log = logging.getLogger(__name__)


def _inbox_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("consumer", sa.String(64), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("processed_at", UtcDateTime(), nullable=False),
    ]


def _outbox_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("exchange", sa.String(128), nullable=False),
        sa.Column("routing_key", sa.String(128), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("correlation_id", sa.String(128), nullable=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("published_at", UtcDateTime(), nullable=True, index=True),
    ]


def inbox_table(metadata: sa.MetaData, schema: str) -> sa.Table:
    return sa.Table("inbox", metadata, *_inbox_columns(), schema=schema)


def outbox_table(metadata: sa.MetaData, schema: str) -> sa.Table:
    return sa.Table("outbox", metadata, *_outbox_columns(), schema=schema)


def create_messaging_tables(schema: str) -> None:
    """Used by every service's first migration."""
    from alembic import op

    op.create_table("inbox", *_inbox_columns(), schema=schema)
    op.create_table("outbox", *_outbox_columns(), schema=schema)
    op.create_index(
        "ix_outbox_unpublished", "outbox", ["published_at", "created_at"], schema=schema
    )


class Messaging:
    """A service's handle on its inbox/outbox tables and the bus they publish to."""

    def __init__(
        self,
        service: str,
        schema: str,
        engine: AsyncEngine,
        bus: MessageBus,
    ) -> None:
        self.service = service
        self.schema = schema
        self.engine = engine
        self.bus = bus
        self.sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        metadata = sa.MetaData()
        self.inbox = inbox_table(metadata, schema)
        self.outbox = outbox_table(metadata, schema)
        # SQLite has one writer; serialising this process's transactions avoids "database is
        # locked" errors instead of retrying them.
        self._write_lock = asyncio.Lock() if is_sqlite(engine) else None
        self._sweeper: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        lock = self._write_lock or contextlib.nullcontext()
        async with lock, self.sessions() as session, session.begin():
            uow = UnitOfWork(self, session)
            yield uow
            # Committed: hand the outbox to the broker now (the sweeper covers crashes).
        if uow.pending:
            await self.publish_committed(uow.pending)

    async def publish_committed(self, messages: Iterable[OutgoingMessage]) -> None:
        published: list[str] = []
        try:
            for message in messages:
                await self.bus.publish(message)
                EVENTS_PUBLISHED.labels(self.service, message.type).inc()
                published.append(message.message_id)
        except Exception:
            log.warning("publish failed; the outbox sweeper will retry", exc_info=True)
        finally:
            if published:
                await self._mark_published(published)

    async def _mark_published(self, ids: list[str]) -> None:
        lock = self._write_lock or contextlib.nullcontext()
        async with lock, self.engine.begin() as conn:
            await conn.execute(
                sa.update(self.outbox)
                .where(self.outbox.c.id.in_(ids))
                .values(published_at=utc_now())
            )

    async def sweep(self, older_than_s: float = 5.0, batch: int = 200) -> int:
        """Publish committed events that were never handed to the broker (after a crash)."""
        cutoff = utc_now() - timedelta(seconds=older_than_s)
        query = (
            sa.select(self.outbox)
            .where(self.outbox.c.published_at.is_(None), self.outbox.c.created_at <= cutoff)
            .order_by(self.outbox.c.created_at)
            .limit(batch)
        )
        if not is_sqlite(self.engine):
            query = query.with_for_update(skip_locked=True)
        lock = self._write_lock or contextlib.nullcontext()
        async with lock, self.engine.begin() as conn:
            rows = (await conn.execute(query)).mappings().all()
            sent: list[str] = []
            for row in rows:
                try:
                    await self.bus.publish(_row_to_message(row))
                except Exception:
                    log.warning("outbox sweep publish failed", exc_info=True)
                    break
                EVENTS_PUBLISHED.labels(self.service, row["event_type"]).inc()
                sent.append(row["id"])
            if sent:
                await conn.execute(
                    sa.update(self.outbox)
                    .where(self.outbox.c.id.in_(sent))
                    .values(published_at=utc_now())
                )
        return len(sent)

    def start_sweeper(self, interval_s: float = 2.0) -> None:
        async def loop() -> None:
            first = True
            while True:
                try:
                    # On start-up, republish immediately whatever a crash left behind.
                    await self.sweep(older_than_s=0.0 if first else 5.0)
                    first = False
                except Exception:
                    log.warning("outbox sweep failed", exc_info=True)
                await asyncio.sleep(interval_s)

        self._sweeper = asyncio.create_task(loop(), name=f"{self.service}-outbox-sweeper")

    async def stop_sweeper(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None


def _row_to_message(row: sa.RowMapping) -> OutgoingMessage:
    return OutgoingMessage(
        exchange=row["exchange"],
        routing_key=row["routing_key"],
        body=row["body"].encode(),
        message_id=row["id"],
        type=row["event_type"],
        correlation_id=row["correlation_id"],
    )


@dataclass
class UnitOfWork:
    """One transaction: domain writes + inbox record + outbox events."""

    messaging: Messaging
    session: AsyncSession

    def __post_init__(self) -> None:
        self.pending: list[OutgoingMessage] = []

    async def claim(self, consumer: str, event: Event) -> bool:
        """Record that ``consumer`` handles ``event``; False if it already did (redelivery)."""
        inbox = self.messaging.inbox
        connection = await self.session.connection()
        seen = await connection.execute(
            sa.select(inbox.c.event_id).where(
                inbox.c.consumer == consumer, inbox.c.event_id == str(event.event_id)
            )
        )
        if seen.first() is not None:
            return False
        await connection.execute(
            sa.insert(inbox).values(
                consumer=consumer,
                event_id=str(event.event_id),
                event_type=event.type,
                processed_at=utc_now(),
            )
        )
        return True

    async def emit(self, event: Event, exchange: str | None = None) -> None:
        message = OutgoingMessage(
            exchange=exchange or self.messaging.bus.topology.events_exchange,
            routing_key=event.type,
            body=event.to_json(),
            message_id=str(event.event_id),
            type=event.type,
            correlation_id=event.correlation_id,
            headers={"version": event.version},
        )
        connection = await self.session.connection()
        await connection.execute(
            sa.insert(self.messaging.outbox).values(
                id=message.message_id,
                exchange=message.exchange,
                routing_key=message.routing_key,
                event_type=message.type,
                correlation_id=message.correlation_id,
                body=message.body.decode(),
                created_at=utc_now(),
                published_at=None,
            )
        )
        self.pending.append(message)
