"""Wiring of the scoring service: ``intervox-scoring`` runs it standalone."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from intervox_contracts import Topology
from intervox_llm import create_llm_client
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import UnitOfWork, make_bus
from intervox_platform.service import ConsumerComponent, create_service_app

from intervox_scoring.handlers import HANDLERS, ScoringDeps
from intervox_scoring.providers import ScoringEngine
from intervox_scoring.providers.offline import OfflineScorer
from intervox_scoring.settings import ScoringSettings
from intervox_scoring.store import SCHEMA

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

log = logging.getLogger(__name__)


class ScoringComponent(ConsumerComponent[ScoringDeps]):
    """The consumer plus the scoring engine, built once: the embedding model loads here,
    at start-up, never per message."""

    def __init__(self, settings: ScoringSettings) -> None:
        llm = create_llm_client(settings) if settings.scoring_llm_judge else None
        self.engine = ScoringEngine(OfflineScorer.load(), llm)
        log.info(
            "scoring engine ready",
            extra={
                "offline": self.engine.offline.name,
                "judge": self.engine.judge.name if self.engine.judge else None,
            },
        )

        def make_deps(uow: UnitOfWork) -> ScoringDeps:
            return ScoringDeps(uow=uow, engine=self.engine)

        super().__init__(
            name="scoring",
            database=Database(
                settings.sqlalchemy_url("scoring"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
            ),
            queue=Topology(settings.bus_namespace).scoring_queue,
            handlers=HANDLERS,
            make_deps=make_deps,
        )

    async def stop(self) -> None:
        await super().stop()
        await self.engine.aclose()


def scoring_component(settings: ScoringSettings) -> ScoringComponent:
    return ScoringComponent(settings)


def create_app(settings: ScoringSettings | None = None) -> FastAPI:
    settings = settings or ScoringSettings()
    configure_logging("scoring", settings.log_level, settings.log_json)
    return create_service_app(
        title="Intervox scoring",
        service="scoring",
        components=[scoring_component(settings)],
        bus=make_bus(settings.amqp_url, settings.bus_namespace),
        docs=False,
    )


def run() -> None:
    settings = ScoringSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)
