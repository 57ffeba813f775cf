from __future__ import annotations

from intervox_platform.settings import ServiceSettings
from pydantic import Field


class ScoringSettings(ServiceSettings):
    port: int = Field(default=8004, description="HTTP port (health and metrics).")
