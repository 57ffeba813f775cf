"""intervox_llm against a local HTTP stub speaking the OpenAI chat-completions and Gemini
generateContent shapes: success, malformed output, 429 with Retry-After, 5xx, timeouts,
refusals — and the scoring service's fall-back to the offline scorer."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import pytest
from intervox_contracts.enums import QuestionKind
from intervox_llm import LLMClient, LLMOutputError, LLMUnavailableError, RetryPolicy
from intervox_llm.gemini import GeminiClient
from intervox_llm.openai_compat import OpenAICompatibleClient
from intervox_scoring.domain.features import KeyPoint
from intervox_scoring.domain.rubric import AnswerToScore
from intervox_scoring.providers import ScoringEngine
from intervox_scoring.providers.offline import EMBEDDING_SCORER, OfflineScorer
from pydantic import BaseModel

from tests.support.llm_stub import LlmStub, Reply
from tests.support.servers import serve_in_process

FAST = RetryPolicy(retries=3, backoff_s=0.05, max_backoff_s=2.0)


class Capital(BaseModel):
    country: str
    capital: str


GOOD = json.dumps({"country": "France", "capital": "Paris"})


@pytest.fixture
async def stub() -> AsyncIterator[tuple[LlmStub, str]]:
    llm = LlmStub()
    async with serve_in_process(llm.app) as url:
        yield llm, url


def make_client(provider: str, url: str, timeout_s: float = 2.0) -> LLMClient:
    if provider == "openai":
        return OpenAICompatibleClient(
            "stub-model", api_key="k", base_url=f"{url}/v1", policy=FAST, timeout_s=timeout_s
        )
    return GeminiClient("gemini-stub", api_key="k", base_url=url, policy=FAST, timeout_s=timeout_s)


PROVIDERS = pytest.mark.parametrize("provider", ["openai", "gemini"])


@PROVIDERS
async def test_structured_output_comes_back_validated(
    stub: tuple[LlmStub, str], provider: str
) -> None:
    llm, url = stub
    llm.script(Reply(content=GOOD))
    client = make_client(provider, url)
    try:
        answer = await client.generate_json("You answer in JSON.", "France?", Capital)
    finally:
        await client.aclose()
    assert answer == Capital(country="France", capital="Paris")
    (request,) = llm.requests
    if provider == "openai":
        assert request["model"] == "stub-model"
        assert request["messages"][0] == {"role": "system", "content": "You answer in JSON."}
        assert request["response_format"]["type"] == "json_schema"
        assert request["response_format"]["json_schema"]["schema"]["required"] == [
            "country",
            "capital",
        ]
    else:
        assert request["systemInstruction"]["parts"][0]["text"] == "You answer in JSON."
        config = request["generationConfig"]
        assert config["responseMimeType"] == "application/json"
        assert set(config["responseJsonSchema"]["properties"]) == {"country", "capital"}


@PROVIDERS
async def test_429_waits_for_retry_after(stub: tuple[LlmStub, str], provider: str) -> None:
    llm, url = stub
    llm.script(Reply(status=429, headers={"Retry-After": "1"}), Reply(content=GOOD))
    client = make_client(provider, url)
    started = time.monotonic()
    try:
        answer = await client.generate_json("s", "u", Capital)
    finally:
        await client.aclose()
    assert answer.capital == "Paris"
    assert len(llm.requests) == 2
    assert time.monotonic() - started >= 0.95  # the server's 1 s, not the 0.05 s backoff


@PROVIDERS
async def test_5xx_is_retried_with_backoff(stub: tuple[LlmStub, str], provider: str) -> None:
    llm, url = stub
    llm.script(Reply(status=503), Reply(status=500), Reply(content=GOOD))
    client = make_client(provider, url)
    try:
        assert (await client.generate_json("s", "u", Capital)).country == "France"
    finally:
        await client.aclose()
    assert len(llm.requests) == 3


@PROVIDERS
async def test_exhausted_retries_raise_a_clear_error(
    stub: tuple[LlmStub, str], provider: str
) -> None:
    llm, url = stub
    llm.default = Reply(status=502)
    client = make_client(provider, url)
    try:
        with pytest.raises(LLMUnavailableError, match="gave up after 4 attempts: HTTP 502"):
            await client.generate_json("s", "u", Capital)
    finally:
        await client.aclose()
    assert len(llm.requests) == 4  # the first try and 3 retries


@PROVIDERS
async def test_a_timeout_is_retried(stub: tuple[LlmStub, str], provider: str) -> None:
    llm, url = stub
    llm.script(Reply(content=GOOD, delay_s=3.0), Reply(content=GOOD))
    client = make_client(provider, url, timeout_s=0.5)
    started = time.monotonic()
    try:
        assert (await client.generate_json("s", "u", Capital)).capital == "Paris"
    finally:
        await client.aclose()
    assert len(llm.requests) == 2
    assert time.monotonic() - started < 2.5


@PROVIDERS
async def test_malformed_output_is_not_retried(stub: tuple[LlmStub, str], provider: str) -> None:
    llm, url = stub
    llm.script(Reply(content='{"country": "France", "capital": '))
    client = make_client(provider, url)
    try:
        with pytest.raises(LLMOutputError, match="not JSON"):
            await client.generate_json("s", "u", Capital)
        llm.script(Reply(content='{"country": "France"}'))
        with pytest.raises(LLMOutputError, match="does not match Capital: capital"):
            await client.generate_json("s", "u", Capital)
    finally:
        await client.aclose()
    assert len(llm.requests) == 2


@PROVIDERS
async def test_a_refused_request_fails_at_once(stub: tuple[LlmStub, str], provider: str) -> None:
    llm, url = stub
    llm.script(Reply(status=401))
    client = make_client(provider, url)
    try:
        with pytest.raises(LLMUnavailableError, match="HTTP 401"):
            await client.generate_json("s", "u", Capital)
    finally:
        await client.aclose()
    assert len(llm.requests) == 1


# ------------------------------------------------------------------ the scoring judge
QUESTION = "What is an index in a relational database and what does it cost?"
MODEL = "A B-tree that avoids full table scans; it costs storage and slower writes."
POINTS = [
    KeyPoint("lookup", "An index avoids a full table scan.", ("full table scan",), 3),
    KeyPoint("write-cost", "Indexes slow down writes.", ("slower writes",), 3),
]
ANSWER = "An index lets the database avoid a full table scan, at the price of slower writes."


def verdict(quote_for_writes: str) -> str:
    return json.dumps(
        {
            "correctness": 85,
            "clarity": 80,
            "key_points": [
                {"id": "lookup", "covered": True, "quote": "avoid a full table scan"},
                {"id": "write-cost", "covered": True, "quote": quote_for_writes},
            ],
            "strengths": [{"point": "Names the trade-off", "quote": "at the price of"}],
            "improvements": ["Mention B-trees."],
            "feedback": "Accurate and concise; say which structure an index usually is.",
            "confidence": 0.8,
        }
    )


@pytest.fixture(scope="module")
def offline() -> OfflineScorer:
    return OfflineScorer.load()


@PROVIDERS
async def test_the_judge_scores_with_grounded_quotes(
    stub: tuple[LlmStub, str], provider: str, offline: OfflineScorer
) -> None:
    llm, url = stub
    llm.script(Reply(content=verdict("slower writes")))
    engine = ScoringEngine(offline, make_client(provider, url))
    try:
        result = await engine.score(AnswerToScore(QUESTION, MODEL, POINTS, ANSWER))
    finally:
        await engine.aclose()
    assert result.scorer.endswith(
        f"{provider}:{'stub-model' if provider == 'openai' else 'gemini-stub'}"
    )
    assert result.correctness == 85
    assert result.key_points_covered == ["lookup", "write-cost"]
    assert result.feedback.startswith("Accurate and concise")
    body = json.dumps(llm.requests[0])
    assert "slower writes" in body
    assert "write-cost" in body


@PROVIDERS
@pytest.mark.parametrize(
    "replies",
    [
        [Reply(content="I think this answer deserves 85/100.")],  # not JSON
        [Reply(content=json.dumps({"correctness": 140}))],  # off the schema
        [Reply(status=429, headers={"Retry-After": "0"})] * 4,  # throttled throughout
        [Reply(status=500)] * 4,
    ],
    ids=["prose", "schema", "429", "5xx"],
)
async def test_any_judge_failure_falls_back_to_the_offline_scorer(
    stub: tuple[LlmStub, str], provider: str, replies: list[Reply], offline: OfflineScorer
) -> None:
    llm, url = stub
    llm.script(*replies)
    engine = ScoringEngine(offline, make_client(provider, url))
    item = AnswerToScore(QUESTION, MODEL, POINTS, ANSWER, QuestionKind.TECHNICAL)
    try:
        result = await engine.score(item)
    finally:
        await engine.aclose()
    assert result.scorer == EMBEDDING_SCORER
    assert result == offline.score(item)
    assert len(llm.requests) == len(replies)
