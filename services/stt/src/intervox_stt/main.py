"""Wiring of the stt service: ``intervox-stt`` runs it standalone."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from intervox_contracts import Topology
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import MessageBus, UnitOfWork, make_bus
from intervox_platform.service import ConsumerComponent, create_service_app

from intervox_stt.handlers import HANDLERS, SttDeps
from intervox_stt.providers.transcriber import Transcriber, build_transcriber
from intervox_stt.settings import STTSettings
from intervox_stt.store import SCHEMA

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("speech model failed to load", exc_info=task.exception())


class SttComponent(ConsumerComponent[SttDeps]):
    """The consumer, plus the speech model (from local files only), warmed up at start."""

    def __init__(self, settings: STTSettings, transcriber: Transcriber) -> None:
        self.transcriber = transcriber

        def make_deps(uow: UnitOfWork) -> SttDeps:
            return SttDeps(uow=uow, transcriber=transcriber)

        self._warmup: asyncio.Task[None] | None = None
        super().__init__(
            name="stt",
            database=Database(
                settings.sqlalchemy_url("stt"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
            ),
            queue=Topology(settings.bus_namespace).stt_queue,
            handlers=HANDLERS,
            make_deps=make_deps,
        )

    async def start(self, bus: MessageBus) -> None:
        await super().start(bus)
        # Loaded in the background: start-up (and the embedded product's) is not held up
        # by it; a message that arrives first waits for the load, then runs at full speed.
        self._warmup = asyncio.create_task(asyncio.to_thread(self.transcriber.load))
        self._warmup.add_done_callback(_log_failure)

    async def stop(self) -> None:
        if self._warmup is not None and not self._warmup.done():
            with contextlib.suppress(Exception):
                await self._warmup
        await super().stop()


def stt_component(settings: STTSettings, transcriber: Transcriber | None = None) -> SttComponent:
    return SttComponent(settings, transcriber or build_transcriber(settings))


def create_app(settings: STTSettings | None = None) -> FastAPI:
    settings = settings or STTSettings()
    configure_logging("stt", settings.log_level, settings.log_json)
    return create_service_app(
        title="Intervox stt",
        service="stt",
        components=[stt_component(settings)],
        bus=make_bus(settings.amqp_url, settings.bus_namespace),
        docs=False,
    )


def run() -> None:
    settings = STTSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
