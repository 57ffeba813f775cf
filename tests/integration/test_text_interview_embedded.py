"""The text interview, end to end, in embedded mode: one process, SQLite, in-process bus."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app
from tests.support.client import register, run_text_interview
from tests.support.servers import serve_in_process

EXPECTED = [
    "questions_ready",
    "score_ready",
    "next_question",
    "score_ready",
    "next_question",
    "score_ready",
    "interview_end",
    "report_ready",
]


@pytest.fixture
async def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False))
    async with serve_in_process(app) as url:
        yield url


async def test_three_question_text_interview_embedded(embedded: str) -> None:
    async with httpx.AsyncClient(base_url=embedded, timeout=30) as http:
        candidate = await register(http, embedded)
        interview = await candidate.create_interview(question_count=3)
        async with candidate.events(interview["id"]) as stream:
            events = await run_text_interview(candidate, interview["id"], stream, answers=3)

        assert [e["type"] for e in events] == EXPECTED
        assert [e["seq"] for e in events] == list(range(1, len(EXPECTED) + 1))
        scores = [e["payload"] for e in events if e["type"] == "score_ready"]
        for score in scores:
            expected = (
                0.5 * score["correctness"] + 0.3 * score["completeness"] + 0.2 * score["clarity"]
            )
            assert score["overall"] == pytest.approx(expected, abs=0.06)

        detail = (await candidate.get(f"/api/v1/interviews/{interview['id']}")).json()
        assert detail["status"] == "completed"
        assert detail["answered_count"] == 3

        report = (await candidate.get(f"/api/v1/interviews/{interview['id']}/report")).json()
        assert len(report["questions"]) == 3
        assert report["overall"] == pytest.approx(sum(s["overall"] for s in scores) / 3, abs=0.06)

        # A reconnecting client gets exactly what it missed.
        async with candidate.events(interview["id"], after_seq=5) as stream:
            missed = [await stream.next() for _ in range(3)]
        assert [e["seq"] for e in missed] == [6, 7, 8]

        # Someone else sees nothing of it.
        stranger = await register(http, embedded)
        assert (await stranger.get(f"/api/v1/interviews/{interview['id']}")).status_code == 404
        assert (
            await stranger.get(f"/api/v1/interviews/{interview['id']}/report")
        ).status_code == 404
