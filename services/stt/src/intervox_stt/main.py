"""Wiring of the stt service: ``intervox-stt`` runs it standalone."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI
from intervox_contracts import Topology
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import UnitOfWork, make_bus
from intervox_platform.service import ConsumerComponent, create_service_app

from intervox_stt.handlers import HANDLERS, SttDeps
from intervox_stt.settings import STTSettings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA = "stt"


def stt_component(settings: STTSettings) -> ConsumerComponent[SttDeps]:
    def make_deps(uow: UnitOfWork) -> SttDeps:
        return SttDeps(uow=uow)

    return ConsumerComponent(
        name="stt",
        database=Database(
            settings.sqlalchemy_url("stt"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
        ),
        queue=Topology(settings.bus_namespace).stt_queue,
        handlers=HANDLERS,
        make_deps=make_deps,
    )


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
