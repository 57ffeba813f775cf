from __future__ import annotations

from intervox_llm import LLMSettings
from intervox_platform.settings import ServiceSettings
from pydantic import Field


class ScoringSettings(ServiceSettings, LLMSettings):
    port: int = Field(default=8004, description="HTTP port (health and metrics).")
    scoring_llm_judge: bool = Field(
        default=False,
        description="Score answers with the LLM of LLM_PROVIDER as judge (the offline scorer "
        "is the fallback); false = the offline scorer only.",
    )
