"""Wiring of the gateway: ``intervox-gateway`` runs it standalone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx
import uvicorn
from fastapi import APIRouter, FastAPI
from intervox_contracts import Topology
from intervox_contracts.routing import QueueSpec
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import EventConsumer, MessageBus, Messaging, UnitOfWork, make_bus
from intervox_platform.security import JwksSource, TokenVerifier, http_jwks_source
from intervox_platform.service import create_service_app
from intervox_platform.storage import create_media_store
from intervox_platform.web import ReadinessCheck

from intervox_gateway.api import build_router
from intervox_gateway.auth_proxy import build_auth_proxy
from intervox_gateway.handlers import HANDLERS, GatewayDeps
from intervox_gateway.relay import RelayHub
from intervox_gateway.routes_profile import build_profile_router
from intervox_gateway.routes_progress import build_progress_router
from intervox_gateway.settings import GatewaySettings
from intervox_gateway.store import SCHEMA
from intervox_gateway.web_client import web_client_router

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class GatewayComponent:
    name = "gateway"

    def __init__(self, settings: GatewaySettings, jwks: JwksSource | None = None) -> None:
        self.settings = settings
        self.topology = Topology(settings.bus_namespace)
        self.db = Database(
            settings.sqlalchemy_url("gateway"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
        )
        self.hub = RelayHub()
        self.media = create_media_store(settings)
        self.http = httpx.AsyncClient(timeout=10.0)
        if jwks is None:
            if not settings.auth_url:
                raise ValueError("AUTH_URL is required when auth does not run in-process")
            jwks = http_jwks_source(settings.auth_url.rstrip("/") + "/.well-known/jwks.json")
        self.verifier = TokenVerifier(jwks)
        self._messaging: Messaging | None = None
        self._routers: list[APIRouter] = []

    @property
    def messaging(self) -> Messaging:
        if self._messaging is None:
            raise RuntimeError("gateway not started")
        return self._messaging

    def bind(self, bus: MessageBus) -> None:
        """Create the messaging handle early: routers need it before the lifespan runs."""
        self._messaging = Messaging("gateway", SCHEMA, self.db.engine, bus)

    def routers(self) -> Sequence[APIRouter]:
        routers = [
            build_router(self.messaging, self.verifier, self.hub, self.media),
            build_profile_router(self.messaging, self.verifier, self.media),
            build_progress_router(self.messaging, self.verifier),
        ]
        if self.settings.auth_url:
            routers.append(build_auth_proxy(self.settings.auth_url, self.http))
        routers.append(web_client_router(self.settings.web_dist_dir))
        return routers

    def queues(self) -> Sequence[QueueSpec]:
        return [self.topology.sequencer_queue, self.topology.relay_queue(self.settings.replica_id)]

    async def start(self, bus: MessageBus) -> None:
        await self.media.start()
        await self.db.start()

        def make_deps(uow: UnitOfWork) -> GatewayDeps:
            return GatewayDeps(uow=uow)

        sequencer = EventConsumer(
            "gateway-sequencer",
            self.messaging,
            HANDLERS,
            make_deps,
            output_exchange=self.topology.relay_exchange,
        )
        await bus.consume(self.topology.sequencer_queue, sequencer)
        await bus.consume(self.topology.relay_queue(self.settings.replica_id), self.hub.on_delivery)
        self.messaging.start_sweeper()

    async def stop(self) -> None:
        await self.messaging.stop_sweeper()
        await self.http.aclose()
        await self.db.close()

    def readiness_checks(self) -> Mapping[str, ReadinessCheck]:
        return {"database": self.db.ping}


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    configure_logging("gateway", settings.log_level, settings.log_json)
    bus = make_bus(settings.amqp_url, settings.bus_namespace)
    component = GatewayComponent(settings)
    component.bind(bus)
    return create_service_app(
        title="Intervox API",
        service="gateway",
        components=[component],
        bus=bus,
        cors_origins=settings.cors_origins,
        max_body_bytes=settings.max_body_bytes,
    )


def run() -> None:
    settings = GatewaySettings()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        ws_ping_interval=20,
        ws_ping_timeout=20,
    )
