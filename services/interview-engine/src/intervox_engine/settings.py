from __future__ import annotations

from intervox_llm import LLMSettings
from intervox_platform.settings import ServiceSettings
from pydantic import Field


class EngineSettings(ServiceSettings, LLMSettings):
    port: int = Field(default=8003, description="HTTP port (health and metrics).")
    follow_ups_per_question: int = Field(
        default=1, ge=0, le=1, description="Follow-ups per main question (0 disables them)."
    )
    expiry_check_interval_s: float = Field(
        default=60.0, description="How often idle and expired paused interviews are abandoned."
    )
