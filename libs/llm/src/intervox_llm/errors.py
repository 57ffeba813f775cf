"""What a caller catches to fall back: every failure is an ``LLMError``."""

from __future__ import annotations


class LLMError(RuntimeError):
    """The model gave no usable answer; the caller falls back to its offline path."""

    def __init__(self, provider: str, message: str) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider


class LLMUnavailableError(LLMError):
    """No answer: retries exhausted (429, 5xx, timeouts, network) or a request refused (4xx)."""

    def __init__(self, provider: str, message: str, attempts: int) -> None:
        super().__init__(provider, message)
        self.attempts = attempts


class LLMOutputError(LLMError):
    """An answer that is not JSON or does not match the schema."""

    def __init__(self, provider: str, message: str, raw: str) -> None:
        super().__init__(provider, message)
        self.raw = raw[:2000]


class LLMConfigError(ValueError):
    """Settings that cannot work (e.g. openai without an API key or endpoint)."""
