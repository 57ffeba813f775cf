"""Wiring of the tts service: ``intervox-tts`` runs it standalone."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI
from intervox_contracts import Topology
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import UnitOfWork, make_bus
from intervox_platform.service import ConsumerComponent, create_service_app

from intervox_tts.handlers import HANDLERS, TtsDeps
from intervox_tts.settings import TTSSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA = "tts"


def tts_component(settings: TTSSettings) -> ConsumerComponent[TtsDeps]:
    def make_deps(uow: UnitOfWork) -> TtsDeps:
        return TtsDeps(uow=uow)

    return ConsumerComponent(
        name="tts",
        database=Database(
            settings.sqlalchemy_url("tts"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
        ),
        queue=Topology(settings.bus_namespace).tts_queue,
        handlers=HANDLERS,
        make_deps=make_deps,
    )


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
