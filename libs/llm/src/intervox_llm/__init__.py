"""One client for LLM providers: structured JSON output validated with pydantic, retries
with exponential backoff, and one error type (``LLMError``) for callers to fall back on.

    client = create_llm_client(settings)           # None when LLM_PROVIDER=none
    plan = await client.generate_json(system, user, PlanSchema)
"""

from intervox_llm.client import LLMClient
from intervox_llm.errors import LLMConfigError, LLMError, LLMOutputError, LLMUnavailableError
from intervox_llm.factory import create_llm_client
from intervox_llm.retry import RetryPolicy
from intervox_llm.settings import LLMSettings

__all__ = [
    "LLMClient",
    "LLMConfigError",
    "LLMError",
    "LLMOutputError",
    "LLMSettings",
    "LLMUnavailableError",
    "RetryPolicy",
    "create_llm_client",
]
