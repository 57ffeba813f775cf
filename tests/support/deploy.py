"""What the deployment checks (tests/unit/test_deploy_*.py) know about the repository."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from intervox_platform.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
OVERLAYS = ("dev", "prod")


@dataclass(frozen=True)
class Service:
    name: str
    """Folder under services/, Deployment, compose service and image name."""
    package: str
    module: str
    settings: str
    """``module:Class`` of the service's settings."""

    @property
    def settings_class(self) -> type[ServiceSettings]:
        module, _, cls = self.settings.partition(":")
        settings: type[ServiceSettings] = getattr(importlib.import_module(module), cls)
        return settings

    @property
    def port(self) -> int:
        port: int = self.settings_class.model_fields["port"].default
        return port

    @property
    def env_names(self) -> set[str]:
        """The environment variables the service reads (pydantic-settings: field names)."""
        return {name.upper() for name in self.settings_class.model_fields}


SERVICES = {
    s.name: s
    for s in (
        Service(
            "auth", "intervox-auth", "intervox_auth.main", "intervox_auth.settings:AuthSettings"
        ),
        Service(
            "gateway",
            "intervox-gateway",
            "intervox_gateway.main",
            "intervox_gateway.settings:GatewaySettings",
        ),
        Service(
            "interview-engine",
            "intervox-engine",
            "intervox_engine.main",
            "intervox_engine.settings:EngineSettings",
        ),
        Service(
            "scoring",
            "intervox-scoring",
            "intervox_scoring.main",
            "intervox_scoring.settings:ScoringSettings",
        ),
        Service("stt", "intervox-stt", "intervox_stt.main", "intervox_stt.settings:STTSettings"),
        Service("tts", "intervox-tts", "intervox_tts.main", "intervox_tts.settings:TTSSettings"),
    )
}

SHARED_ENV = {name.upper() for name in ServiceSettings.model_fields}


def service_dirs() -> set[str]:
    return {p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").is_file()}


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    from tests.support.kustomize import render

    return tuple(render(K8S / "overlays" / overlay))


def by_kind(objects: tuple[dict[str, Any], ...], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}
