from __future__ import annotations

from intervox_platform.settings import ServiceSettings
from pydantic import Field


class STTSettings(ServiceSettings):
    port: int = Field(default=8005, description="HTTP port (health and metrics).")
