"""Assemble components into a FastAPI application with a proper lifespan.

A *component* is one service's logic (auth, gateway, engine, …): its routers, its queues,
and what to do at start and stop. A standalone service is an app with one component; the
embedded product is one app with all of them on an in-process bus. The broker is started
and stopped in FastAPI's lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from intervox_contracts.routing import QueueSpec

from intervox_platform.db import Database
from intervox_platform.messaging.bus import MessageBus
from intervox_platform.messaging.consumer import EventConsumer, Handler
from intervox_platform.messaging.outbox import Messaging, UnitOfWork
from intervox_platform.metrics import QUEUE_CONSUMERS, QUEUE_MESSAGES
from intervox_platform.web import (
    HttpPolicyMiddleware,
    ReadinessCheck,
    health_router,
    install_error_handlers,
)

log = logging.getLogger(__name__)

D = TypeVar("D")


class Component(Protocol):
    name: str

    def routers(self) -> Sequence[APIRouter]: ...

    def queues(self) -> Sequence[QueueSpec]:
        """Work queues this component consumes (declared before anything starts)."""
        ...

    async def start(self, bus: MessageBus) -> None:
        """Wait for and migrate the database, then start consuming."""
        ...

    async def stop(self) -> None: ...

    def readiness_checks(self) -> Mapping[str, ReadinessCheck]: ...


async def _sample_queues(bus: MessageBus, queues: Sequence[QueueSpec], every_s: float) -> None:
    while True:
        for queue in queues:
            try:
                stats = await bus.queue_stats(queue.name)
                QUEUE_MESSAGES.labels(queue.name).set(stats.messages)
                QUEUE_CONSUMERS.labels(queue.name).set(stats.consumers)
            except Exception:
                log.debug("queue sampling failed", exc_info=True)
        await asyncio.sleep(every_s)


def create_service_app(
    *,
    title: str,
    service: str,
    components: Sequence[Component],
    bus: MessageBus,
    cors_origins: Sequence[str] = (),
    max_body_bytes: int = 1_000_000,
    docs: bool = True,
    version: str = "0.1.0",
) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await bus.connect()
        queues = [q for c in components for q in c.queues()]
        await bus.declare(queues)
        started: list[Component] = []
        sampler: asyncio.Task[None] | None = None
        try:
            for component in components:
                await component.start(bus)
                started.append(component)
            sampler = asyncio.create_task(_sample_queues(bus, queues, 15.0))
            log.info("service started", extra={"components": [c.name for c in components]})
            yield
        finally:
            # Graceful: stop taking messages, let in-flight handlers commit, then close.
            if sampler is not None:
                sampler.cancel()
            await bus.stop_consuming()
            for component in reversed(started):
                await component.stop()
            await bus.close()
            log.info("service stopped")

    app = FastAPI(
        title=title,
        version=version,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
    )
    install_error_handlers(app)

    def checks() -> dict[str, ReadinessCheck]:
        merged: dict[str, ReadinessCheck] = {"broker": bus.ping}
        for component in components:
            for name, check in component.readiness_checks().items():
                merged[f"{component.name}.{name}"] = check
        return merged

    app.include_router(health_router(checks))
    for component in components:
        for router in component.routers():
            app.include_router(router)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Correlation-ID"],
            expose_headers=["X-Correlation-ID", "Retry-After"],
        )
    app.add_middleware(HttpPolicyMiddleware, service=service, max_body_bytes=max_body_bytes)
    return app


class ConsumerComponent(Generic[D]):
    """A service whose job is consuming one work queue with domain handlers (engine,
    scoring, stt, tts): database + inbox/outbox + consumer + outbox sweeper."""

    def __init__(
        self,
        *,
        name: str,
        database: Database,
        queue: QueueSpec,
        handlers: dict[str, Handler[D]],
        make_deps: Callable[[UnitOfWork], D],
        extra_routers: Sequence[APIRouter] = (),
        periodic: Callable[[UnitOfWork], Awaitable[object]] | None = None,
        periodic_interval_s: float = 60.0,
    ) -> None:
        self.name = name
        self.database = database
        self.queue = queue
        self.handlers = handlers
        self.make_deps = make_deps
        self.extra_routers = list(extra_routers)
        self.periodic = periodic
        self.periodic_interval_s = periodic_interval_s
        self.messaging: Messaging | None = None
        self._periodic_task: asyncio.Task[None] | None = None

    def routers(self) -> Sequence[APIRouter]:
        return self.extra_routers

    def queues(self) -> Sequence[QueueSpec]:
        return [self.queue]

    async def start(self, bus: MessageBus) -> None:
        await self.database.start()
        self.messaging = Messaging(self.name, self.database.schema, self.database.engine, bus)
        consumer = EventConsumer(self.name, self.messaging, self.handlers, self.make_deps)
        await bus.consume(self.queue, consumer)
        self.messaging.start_sweeper()
        if self.periodic is not None:
            self._periodic_task = asyncio.create_task(self._run_periodic(self.messaging))

    async def _run_periodic(self, messaging: Messaging) -> None:
        """A housekeeping job (e.g. expiring idle interviews) in its own transaction."""
        assert self.periodic is not None
        while True:
            try:
                async with messaging.unit_of_work() as uow:
                    await self.periodic(uow)
            except Exception:
                log.exception("periodic job failed", extra={"component": self.name})
            await asyncio.sleep(self.periodic_interval_s)

    async def stop(self) -> None:
        if self._periodic_task is not None:
            self._periodic_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._periodic_task
        if self.messaging is not None:
            await self.messaging.stop_sweeper()
        await self.database.close()

    def readiness_checks(self) -> Mapping[str, ReadinessCheck]:
        return {"database": self.database.ping}
