"""intervox_llm without a network: retry policy, Retry-After, output parsing, factory."""

from __future__ import annotations

import email.utils
import time

import pytest
from intervox_llm import (
    LLMConfigError,
    LLMOutputError,
    LLMSettings,
    LLMUnavailableError,
    RetryPolicy,
    create_llm_client,
)
from intervox_llm.gemini import GeminiClient
from intervox_llm.openai_compat import OpenAICompatibleClient
from intervox_llm.parsing import parse_json_output
from intervox_llm.retry import Transient, retry_after_seconds, with_retries
from pydantic import BaseModel


class Answer(BaseModel):
    value: int
    label: str


def test_retry_after_headers_in_every_form() -> None:
    assert retry_after_seconds({"Retry-After": "2"}) == 2.0
    assert retry_after_seconds({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 < (retry_after_seconds({"Retry-After": future}) or 0) <= 30
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_and_honours_retry_after_within_the_cap() -> None:
    policy = RetryPolicy(retries=3, backoff_s=1.0, max_backoff_s=5.0)
    assert 1.0 <= policy.delay(0, None) <= 1.25
    assert 2.0 <= policy.delay(1, None) <= 2.5
    assert policy.delay(5, None) == 5.0
    assert policy.delay(0, 3.0) == 3.0
    assert policy.delay(0, 60.0) == 5.0


async def test_transient_failures_are_retried_then_given_up() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise Transient("HTTP 503", retry_after_s=0.5 if calls == 1 else None)
        return "ok"

    policy = RetryPolicy(retries=3, backoff_s=1.0)
    assert await with_retries("p", policy, flaky, sleep) == "ok"
    assert calls == 3
    assert waits[0] == 0.5
    assert 2.0 <= waits[1] <= 2.5

    async def down() -> str:
        raise Transient("HTTP 500")

    with pytest.raises(LLMUnavailableError, match="gave up after 4 attempts: HTTP 500") as info:
        await with_retries("p", policy, down, sleep)
    assert info.value.attempts == 4


async def test_other_errors_are_not_retried() -> None:
    calls = 0

    async def broken() -> str:
        nonlocal calls
        calls += 1
        raise ValueError("bug")

    with pytest.raises(ValueError, match="bug"):
        await with_retries("p", RetryPolicy(), broken)
    assert calls == 1


def test_json_output_is_parsed_validated_and_unfenced() -> None:
    assert parse_json_output("p", '{"value": 1, "label": "a"}', Answer) == Answer(
        value=1, label="a"
    )
    fenced = '```json\n{"value": 2, "label": "b"}\n```'
    assert parse_json_output("p", fenced, Answer).value == 2
    with pytest.raises(LLMOutputError, match="not JSON") as info:
        parse_json_output("p", "Sure! Here it is: {value: 1", Answer)
    assert info.value.raw.startswith("Sure!")
    with pytest.raises(LLMOutputError, match="does not match Answer: value"):
        parse_json_output("p", '{"value": "many", "label": "x"}', Answer)
    with pytest.raises(LLMOutputError, match="empty response"):
        parse_json_output("p", None, Answer)


def test_factory_follows_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LLM_PROVIDER", "LLM_BASE_URL", "LLM_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    assert create_llm_client(LLMSettings()) is None
    with pytest.raises(LLMConfigError, match="LLM_API_KEY"):
        create_llm_client(LLMSettings(llm_provider="openai"))
    with pytest.raises(LLMConfigError, match="GEMINI_API_KEY"):
        create_llm_client(LLMSettings(llm_provider="gemini"))

    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("LLM_MODEL", "llama3.1")
    monkeypatch.setenv("LLM_MAX_RETRIES", "5")
    client = create_llm_client(LLMSettings())
    assert isinstance(client, OpenAICompatibleClient)
    assert client.name == "openai:llama3.1"
    assert client.policy.retries == 5

    gemini = create_llm_client(
        LLMSettings(llm_provider="gemini", gemini_api_key="k", gemini_model="gemini-x")  # type: ignore[arg-type]
    )
    assert isinstance(gemini, GeminiClient)
    assert gemini.name == "gemini:gemini-x"


def test_an_unknown_provider_is_a_settings_error() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        LLMSettings(llm_provider="claude")  # type: ignore[arg-type]
