"""Wiring of the tts service: ``intervox-tts`` runs it standalone."""

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
from intervox_platform.storage import MediaStore, create_media_store

from intervox_tts.handlers import HANDLERS, QuestionVoice, TtsDeps
from intervox_tts.providers.synthesizer import Synthesizer, build_synthesizer
from intervox_tts.settings import TTSSettings
from intervox_tts.store import SCHEMA

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("voices failed to load", exc_info=task.exception())


class TtsComponent(ConsumerComponent[TtsDeps]):
    """The consumer, plus the voices, warmed up at start."""

    def __init__(self, settings: TTSSettings, voice: QuestionVoice) -> None:
        self.voice = voice

        def make_deps(uow: UnitOfWork) -> TtsDeps:
            return TtsDeps(uow=uow, voice=voice)

        self._warmup: asyncio.Task[None] | None = None
        super().__init__(
            name="tts",
            database=Database(
                settings.sqlalchemy_url("tts"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
            ),
            queue=Topology(settings.bus_namespace).tts_queue,
            handlers=HANDLERS,
            make_deps=make_deps,
        )

    async def start(self, bus: MessageBus) -> None:
        await self.voice.media.start()
        await super().start(bus)
        # Loaded in the background: start-up (and the embedded product's) is not held up
        # by it; a message that arrives first waits for the load, then runs at full speed.
        self._warmup = asyncio.create_task(asyncio.to_thread(self.voice.synthesizer.load))
        self._warmup.add_done_callback(_log_failure)

    async def stop(self) -> None:
        if self._warmup is not None and not self._warmup.done():
            with contextlib.suppress(Exception):
                await self._warmup
        await super().stop()


def tts_component(
    settings: TTSSettings,
    synthesizer: Synthesizer | None = None,
    media: MediaStore | None = None,
) -> TtsComponent:
    voice = QuestionVoice(
        synthesizer or build_synthesizer(settings),
        media or create_media_store(settings),
        settings.tts_audio_format,
    )
    return TtsComponent(settings, voice)


def create_app(settings: TTSSettings | None = None) -> FastAPI:
    settings = settings or TTSSettings()
    configure_logging("tts", settings.log_level, settings.log_json)
    return create_service_app(
        title="Intervox tts",
        service="tts",
        components=[tts_component(settings)],
        bus=make_bus(settings.amqp_url, settings.bus_namespace),
        docs=False,
    )


def run() -> None:
    settings = TTSSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
