"""Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server)."""

from __future__ import annotations

from typing import Any

import openai
from openai.types.chat import (
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)
from openai.types.shared_params import ResponseFormatJSONObject, ResponseFormatJSONSchema

from intervox_llm.client import LLMClient
from intervox_llm.errors import LLMUnavailableError
from intervox_llm.retry import RetryPolicy, Transient, retry_after_seconds


class OpenAICompatibleClient(LLMClient):
    provider = "openai"

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None,
        base_url: str | None = None,
        json_mode: str = "json_schema",
        policy: RetryPolicy | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        super().__init__(model, policy or RetryPolicy(), timeout_s)
        self.json_mode = json_mode
        # Local servers ignore the key but the SDK insists on one. Retries are ours
        # (max_retries=0): the SDK's own would hide them from the policy and the logs.
        self._client = openai.AsyncOpenAI(
            api_key=api_key or "unused",
            base_url=base_url,
            timeout=timeout_s,
            max_retries=0,
        )

    async def _complete(
        self,
        system: str,
        user: str,
        schema_name: str,
        schema_json: dict[str, Any],
        temperature: float,
    ) -> str | None:
        response_format: ResponseFormatJSONObject | ResponseFormatJSONSchema
        if self.json_mode == "json_object":
            response_format = {"type": "json_object"}
        else:
            # Not strict: strict mode rejects ordinary pydantic schemas (optional fields).
            response_format = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema_json, "strict": False},
            }
        system_message: ChatCompletionSystemMessageParam = {"role": "system", "content": system}
        user_message: ChatCompletionUserMessageParam = {"role": "user", "content": user}
        try:
            completion = await self._client.chat.completions.create(
                model=self.model,
                messages=[system_message, user_message],
                response_format=response_format,
                temperature=temperature,
            )
        except openai.APIStatusError as exc:
            status = exc.status_code
            if status in (408, 409, 429) or status >= 500:
                raise Transient(
                    f"HTTP {status}", retry_after_seconds(dict(exc.response.headers.items()))
                ) from exc
            raise LLMUnavailableError(self.name, f"HTTP {status}: {exc.message}", 1) from exc
        except openai.APITimeoutError as exc:
            raise Transient(f"no answer within {self.timeout_s:g} s") from exc
        except openai.APIConnectionError as exc:
            raise Transient(f"connection failed: {exc}") from exc
        if not completion.choices:
            return None
        return completion.choices[0].message.content

    async def aclose(self) -> None:
        await self._client.close()
