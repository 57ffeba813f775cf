from __future__ import annotations

from intervox_platform.settings import ServiceSettings


class EngineSettings(ServiceSettings):
    port: int = 8003
