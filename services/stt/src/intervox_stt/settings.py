from __future__ import annotations

from intervox_platform.settings import ServiceSettings


class STTSettings(ServiceSettings):
    port: int = 8005
