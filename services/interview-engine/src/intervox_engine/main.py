"""Wiring of the interview engine: ``intervox-engine`` runs it standalone."""

from __future__ import annotations

from pathlib import Path

import uvicorn
from fastapi import FastAPI
from intervox_contracts import Topology
from intervox_llm import create_llm_client
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import UnitOfWork, make_bus
from intervox_platform.service import ConsumerComponent, create_service_app

from intervox_engine.domain.bank import QuestionBank, load_bank
from intervox_engine.handlers import HANDLERS, EngineDeps, expire_idle_interviews
from intervox_engine.providers.generator import QuestionGenerator
from intervox_engine.settings import EngineSettings
from intervox_engine.store import SCHEMA

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def engine_component(
    settings: EngineSettings, bank: QuestionBank | None = None
) -> ConsumerComponent[EngineDeps]:
    question_bank = bank or load_bank()
    llm = create_llm_client(settings)
    generator = QuestionGenerator(llm) if llm is not None else None

    def make_deps(uow: UnitOfWork) -> EngineDeps:
        return EngineDeps(
            uow=uow,
            bank=question_bank,
            follow_ups_per_question=settings.follow_ups_per_question,
            generator=generator,
        )

    async def expire(uow: UnitOfWork) -> int:
        return await expire_idle_interviews(uow, question_bank)

    return ConsumerComponent(
        name="interview-engine",
        database=Database(
            settings.sqlalchemy_url("engine"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
        ),
        queue=Topology(settings.bus_namespace).engine_queue,
        handlers=HANDLERS,
        make_deps=make_deps,
        periodic=expire,
        periodic_interval_s=settings.expiry_check_interval_s,
    )


def create_app(settings: EngineSettings | None = None) -> FastAPI:
    settings = settings or EngineSettings()
    configure_logging("interview-engine", settings.log_level, settings.log_json)
    return create_service_app(
        title="Intervox interview engine",
        service="interview-engine",
        components=[engine_component(settings)],
        bus=make_bus(settings.amqp_url, settings.bus_namespace),
        docs=False,
    )


def run() -> None:
    settings = EngineSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
