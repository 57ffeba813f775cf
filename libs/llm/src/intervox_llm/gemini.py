"""Gemini through ``google-genai`` (generateContent with a JSON response schema)."""

from __future__ import annotations

from typing import Any

from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from intervox_llm.client import LLMClient
from intervox_llm.errors import LLMUnavailableError
from intervox_llm.retry import RetryPolicy, Transient, retry_after_seconds


class GeminiClient(LLMClient):
    provider = "gemini"

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str | None = None,
        policy: RetryPolicy | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        super().__init__(model, policy or RetryPolicy(), timeout_s)
        # attempts=1: retries are ours, and without it the SDK silently retries network
        # errors after sleeping up to ten seconds. v1beta: where responseJsonSchema lives
        # (the SDK would pick v1 for a custom base URL).
        self._client = genai.Client(
            api_key=api_key,
            http_options=types.HttpOptions(
                base_url=base_url,
                api_version="v1beta",
                timeout=int(timeout_s * 1000),
                retry_options=types.HttpRetryOptions(attempts=1),
            ),
        )

    async def _complete(
        self,
        system: str,
        user: str,
        schema_name: str,
        schema_json: dict[str, Any],
        temperature: float,
    ) -> str | None:
        try:
            response = await self._client.aio.models.generate_content(
                model=self.model,
                contents=user,
                config=types.GenerateContentConfig(
                    system_instruction=system,
                    response_mime_type="application/json",
                    response_json_schema=schema_json,
                    temperature=temperature,
                ),
            )
        except genai_errors.APIError as exc:
            status = int(exc.code or 0)
            if status in (408, 429) or status >= 500:
                headers = getattr(exc.response, "headers", None)
                retry_after = retry_after_seconds(dict(headers.items())) if headers else None
                raise Transient(f"HTTP {status}", retry_after) from exc
            raise LLMUnavailableError(self.name, f"HTTP {status}: {exc.message}", 1) from exc
        return response.text

    async def aclose(self) -> None:
        await self._client.aio.aclose()
