from __future__ import annotations

from intervox_platform.settings import ServiceSettings


class TTSSettings(ServiceSettings):
    port: int = 8006
