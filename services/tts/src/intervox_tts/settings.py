from __future__ import annotations

from intervox_platform.settings import ServiceSettings
from pydantic import Field


class TTSSettings(ServiceSettings):
    port: int = Field(default=8006, description="HTTP port (health and metrics).")
