from __future__ import annotations

from intervox_platform.settings import ServiceSettings


class ScoringSettings(ServiceSettings):
    port: int = 8004
