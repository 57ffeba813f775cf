"""Settings → client."""

from __future__ import annotations

from intervox_llm.client import LLMClient
from intervox_llm.errors import LLMConfigError
from intervox_llm.retry import RetryPolicy
from intervox_llm.settings import LLMSettings


def create_llm_client(settings: LLMSettings) -> LLMClient | None:
    """The configured client, or None for ``LLM_PROVIDER=none``. Raises ``LLMConfigError``
    for settings that could never work, so a service stops at start-up with the reason."""
    policy = RetryPolicy(
        retries=settings.llm_max_retries,
        backoff_s=settings.llm_backoff_s,
        max_backoff_s=settings.llm_max_backoff_s,
    )
    if settings.llm_provider == "openai":
        from intervox_llm.openai_compat import OpenAICompatibleClient

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        if not key and not settings.llm_base_url:
            raise LLMConfigError(
                "LLM_PROVIDER=openai needs LLM_API_KEY (api.openai.com) or LLM_BASE_URL "
                "(a local OpenAI-compatible server)"
            )
        return OpenAICompatibleClient(
            settings.llm_model,
            api_key=key,
            base_url=settings.llm_base_url,
            json_mode=settings.llm_json_mode,
            policy=policy,
            timeout_s=settings.llm_timeout_s,
        )
    if settings.llm_provider == "gemini":
        from intervox_llm.gemini import GeminiClient

        if settings.gemini_api_key is None:
            raise LLMConfigError("LLM_PROVIDER=gemini needs GEMINI_API_KEY")
        return GeminiClient(
            settings.gemini_model,
            api_key=settings.gemini_api_key.get_secret_value(),
            base_url=settings.gemini_base_url,
            policy=policy,
            timeout_s=settings.llm_timeout_s,
        )
    return None
