"""Questions written by an LLM (a local stub speaking the OpenAI shape), the plan cache, and
the fall-back to the bank when the provider misbehaves — through the whole embedded app."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app
from tests.support.client import register
from tests.support.llm_stub import LlmStub, Reply
from tests.support.servers import serve_in_process

PROMPT = "Walk me through how you would find a slow PostgreSQL query in production."


def plan_json() -> str:
    def question(difficulty: str, n: int) -> dict[str, object]:
        return {
            "topic": "sql-databases",
            "difficulty": difficulty,
            "kind": "technical",
            "prompt": f"{PROMPT} (variant {n})" if n else PROMPT,
            "model_answer": "Enable pg_stat_statements to find the queries with the highest "
            "total time, reproduce them with EXPLAIN ANALYZE, read the plan for "
            "sequential scans and misestimates, then add an index or rewrite.",
            "key_points": [
                {
                    "id": "stats",
                    "text": "Find the costly queries with pg_stat_statements.",
                    "keywords": ["pg_stat_statements", "total time"],
                    "follow_up": "Where would you look first to find the slowest queries?",
                    "importance": 3,
                },
                {
                    "id": "explain",
                    "text": "Read the plan with EXPLAIN ANALYZE.",
                    "keywords": ["explain analyze", "query plan"],
                    "follow_up": "How do you read what the planner actually did?",
                    "importance": 3,
                },
                {
                    "id": "fix",
                    "text": "Fix with an index or a rewrite, then measure again.",
                    "keywords": ["index", "rewrite"],
                    "follow_up": "How would you confirm your fix helped?",
                    "importance": 2,
                },
            ],
        }

    return json.dumps(
        {"questions": [question(d, i) for i, d in enumerate(["easy", "medium", "hard", "medium"])]}
    )


@pytest.fixture
async def stub() -> AsyncIterator[tuple[LlmStub, str]]:
    llm = LlmStub()
    async with serve_in_process(llm.app) as url:
        yield llm, url


async def run_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub_url: str):  # type: ignore[no-untyped-def]
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LLM_PROVIDER", "openai")
    monkeypatch.setenv("LLM_BASE_URL", f"{stub_url}/v1")
    monkeypatch.setenv("LLM_MODEL", "stub-model")
    monkeypatch.setenv("LLM_API_KEY", "test-key")
    monkeypatch.setenv("LLM_TIMEOUT_S", "2")
    monkeypatch.setenv("LLM_BACKOFF_S", "0.05")
    return serve_in_process(create_app(GatewaySettings(data_dir=tmp_path, log_json=False)))


async def first_question(base: str, topics: list[str]) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        candidate = await register(http, base)
        interview = await candidate.create_interview(
            question_count=2, topics=topics, seniority="mid"
        )
        async with candidate.events(interview["id"]) as stream:
            event = await stream.until("questions_ready", timeout=30)
        return dict(event["payload"]["first_question"])


async def test_generated_questions_are_used_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub: tuple[LlmStub, str]
) -> None:
    llm, url = stub
    llm.script(Reply(content=plan_json()))
    async with await run_app(tmp_path, monkeypatch, url) as base:
        question = await first_question(base, ["sql-databases"])
        assert str(question["source"]).startswith("llm:")
        assert str(question["text"]).startswith(PROMPT)
        assert question["difficulty"] == "medium"
        # Same role, seniority, type, topics and JD: served from the cache, no second call.
        again = await first_question(base, ["sql-databases"])
        assert str(again["source"]).startswith("llm:")
    assert len(llm.requests) == 1


FAILURES = {
    "malformed-json": Reply(content="this is not json"),
    "schema-violation": Reply(content='{"questions": [{"topic": "sql-databases"}]}'),
    "rate-limited": Reply(status=429, headers={"Retry-After": "0"}),
    "server-error": Reply(status=503),
    "timeout": Reply(content=plan_json(), delay_s=3.0),
}


async def test_provider_failures_fall_back_to_the_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stub: tuple[LlmStub, str]
) -> None:
    llm, url = stub
    async with await run_app(tmp_path, monkeypatch, url) as base:
        for name, reply in FAILURES.items():
            llm.requests.clear()
            llm.default = reply  # every try fails the same way
            question = await first_question(base, ["sql-databases"])
            assert question["source"] == "bank", name
            assert question["topic"] == "sql-databases", name
            assert llm.requests, f"{name}: the provider was tried"
