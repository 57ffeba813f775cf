from __future__ import annotations

from intervox_platform.settings import ServiceSettings
from pydantic import Field


class EngineSettings(ServiceSettings):
    port: int = Field(default=8003, description="HTTP port (health and metrics).")
