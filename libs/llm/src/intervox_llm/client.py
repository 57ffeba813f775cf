"""The provider-neutral client: ``await client.generate_json(system, user, Schema)``."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from intervox_llm.parsing import parse_json_output
from intervox_llm.retry import RetryPolicy, Transient, with_retries

M = TypeVar("M", bound=BaseModel)


def _network_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [httpx.TransportError, ConnectionError]
    try:  # the provider SDKs moved to httpx2; catch its transport errors too when present
        import httpx2  # type: ignore[import-not-found, unused-ignore]

        errors.append(httpx2.TransportError)
    except ImportError:
        pass
    return tuple(errors)


NETWORK_ERRORS = _network_errors()


class LLMClient(ABC):
    """One model behind one provider. Every failure surfaces as ``LLMError``."""

    provider: str

    def __init__(self, model: str, policy: RetryPolicy, timeout_s: float) -> None:
        self.model = model
        self.policy = policy
        self.timeout_s = timeout_s

    @property
    def name(self) -> str:
        """``provider:model``, e.g. for the source of a generated question."""
        return f"{self.provider}:{self.model}"

    async def generate_json(
        self, system: str, user: str, schema: type[M], *, temperature: float = 0.2
    ) -> M:
        """Ask for JSON matching ``schema`` and return it validated.

        Retries 429 (after Retry-After when sent), 5xx, timeouts and network errors with
        exponential backoff; raises ``LLMUnavailableError`` when they are exhausted or the
        request is refused, and ``LLMOutputError`` when the answer is not valid JSON for
        the schema.
        """
        schema_json = schema.model_json_schema()

        async def attempt() -> str | None:
            try:
                async with asyncio.timeout(self.timeout_s):
                    return await self._complete(
                        system, user, schema.__name__, schema_json, temperature
                    )
            except TimeoutError as exc:
                raise Transient(f"no answer within {self.timeout_s:g} s") from exc
            except NETWORK_ERRORS as exc:
                raise Transient(f"network error: {type(exc).__name__}: {exc}") from exc

        text = await with_retries(self.name, self.policy, attempt)
        return parse_json_output(self.name, text, schema)

    @abstractmethod
    async def _complete(
        self,
        system: str,
        user: str,
        schema_name: str,
        schema_json: dict[str, Any],
        temperature: float,
    ) -> str | None:
        """One request; raise ``Transient`` for what deserves a retry."""

    @abstractmethod
    async def aclose(self) -> None: ...
