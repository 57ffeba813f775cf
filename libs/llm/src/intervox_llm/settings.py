"""LLM configuration, shared by every service that calls a model: mix it into the
service's settings class (``class EngineSettings(ServiceSettings, LLMSettings)``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Provider = Literal["none", "openai", "gemini"]


class LLMSettings(BaseSettings):
    # The same as the services' own: pydantic merges the configs of every base class, and
    # BaseSettings' defaults (no .env, extra forbidden) would otherwise win.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    llm_provider: Provider = Field(
        default="none",
        description="none (offline only), openai (any OpenAI-compatible endpoint) or gemini.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint (Ollama http://localhost:11434/v1, vLLM, "
        "llama.cpp server); unset = api.openai.com.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model of the openai provider.")
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key of the OpenAI-compatible endpoint."
    )
    llm_json_mode: Literal["json_schema", "json_object"] = Field(
        default="json_schema",
        description="How to ask the openai provider for JSON: json_schema (structured "
        "output) or json_object (older servers).",
    )
    gemini_api_key: SecretStr | None = Field(default=None, description="Gemini API key.")
    gemini_model: str = Field(
        default="gemini-2.5-flash", description="Model of the gemini provider."
    )
    gemini_base_url: str | None = Field(
        default=None, description="Gemini API endpoint override (proxy); unset = Google's."
    )
    llm_timeout_s: float = Field(default=30.0, gt=0, description="Timeout of one LLM request.")
    llm_max_retries: int = Field(
        default=3, ge=0, le=10, description="Retries on 429, 5xx, timeouts and network errors."
    )
    llm_backoff_s: float = Field(
        default=1.0,
        ge=0,
        description="First retry delay, doubled at each retry (a Retry-After header wins).",
    )
    llm_max_backoff_s: float = Field(
        default=30.0, ge=0, description="Longest wait before one retry."
    )
