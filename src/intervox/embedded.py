"""The whole product in one process: every service's component on one bus.

With nothing configured this is SQLite files under DATA_DIR and the in-process bus; with
AMQP_URL / DATABASE_URL set, the same components use RabbitMQ and PostgreSQL. Handlers,
migrations and APIs are exactly those of the standalone services.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from intervox_auth.main import AuthComponent
from intervox_auth.settings import AuthSettings
from intervox_engine.main import engine_component
from intervox_engine.settings import EngineSettings
from intervox_gateway.main import GatewayComponent
from intervox_gateway.settings import GatewaySettings
from intervox_platform.logging import configure_logging
from intervox_platform.messaging import make_bus
from intervox_platform.service import Component, create_service_app
from intervox_platform.settings import ServiceSettings
from intervox_scoring.main import scoring_component
from intervox_scoring.settings import ScoringSettings
from intervox_stt.main import stt_component
from intervox_stt.settings import STTSettings
from intervox_tts.main import tts_component
from intervox_tts.settings import TTSSettings


def create_app(gateway_settings: GatewaySettings | None = None) -> FastAPI:
    gateway = gateway_settings or GatewaySettings()
    # Every component reads the same environment; the gateway's settings decide what all
    # services share (bus, database, data and media stores, logging).
    overrides: dict[str, Any] = {
        name: getattr(gateway, name)
        for name in ServiceSettings.model_fields
        if name not in ("host", "port")
    }
    configure_logging("intervox", gateway.log_level, gateway.log_json)
    bus = make_bus(gateway.amqp_url, gateway.bus_namespace)
    auth = AuthComponent(AuthSettings(**overrides))
    # Auth runs in this process: the gateway verifies tokens with its keys directly.
    gateway_component = GatewayComponent(
        gateway.model_copy(update={"auth_url": None}), jwks=auth.jwks
    )
    gateway_component.bind(bus)
    components: list[Component] = [
        auth,
        gateway_component,
        engine_component(EngineSettings(**overrides)),
        scoring_component(ScoringSettings(**overrides)),
        stt_component(STTSettings(**overrides)),
        tts_component(TTSSettings(**overrides)),
    ]
    return create_service_app(
        title="Intervox",
        service="intervox",
        components=components,
        bus=bus,
        cors_origins=gateway.cors_origins,
        max_body_bytes=gateway.max_body_bytes,
    )
