"""Wiring of the auth service: ``intervox-auth`` runs it standalone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI
from intervox_contracts.routing import QueueSpec
from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import MessageBus, make_bus
from intervox_platform.security import TokenVerifier
from intervox_platform.service import create_service_app
from intervox_platform.web import ReadinessCheck

from intervox_auth.api import AuthService, build_router
from intervox_auth.domain.tokens import SigningKey
from intervox_auth.settings import AuthSettings
from intervox_auth.store import SCHEMA

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class AuthComponent:
    name = "auth"

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.db = Database(
            settings.sqlalchemy_url("auth"), SCHEMA, MIGRATIONS, settings.db_wait_seconds
        )
        self.key = SigningKey.load_or_create(settings.private_key_file())
        self.service = AuthService(settings, self.key)
        self.verifier = TokenVerifier(self.jwks)

    async def jwks(self) -> dict[str, Any]:
        """In-process JWKS source (the embedded gateway verifies tokens with it)."""
        return self.key.jwks()

    def routers(self) -> Sequence[APIRouter]:
        return [build_router(self.service, self.verifier, self.db.sessions)]

    def queues(self) -> Sequence[QueueSpec]:
        return []

    async def start(self, bus: MessageBus) -> None:
        await self.db.start()

    async def stop(self) -> None:
        await self.db.close()

    def readiness_checks(self) -> Mapping[str, ReadinessCheck]:
        return {"database": self.db.ping}


def create_app(settings: AuthSettings | None = None) -> FastAPI:
    settings = settings or AuthSettings()
    configure_logging("auth", settings.log_level, settings.log_json)
    return create_service_app(
        title="Intervox auth",
        service="auth",
        components=[AuthComponent(settings)],
        bus=make_bus(settings.amqp_url, settings.bus_namespace),
        cors_origins=settings.cors_origins,
        max_body_bytes=64_000,
    )


def run() -> None:
    settings = AuthSettings()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=False,
    )
