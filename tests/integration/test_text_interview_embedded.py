"""The text interview, end to end, in embedded mode: one process, SQLite, in-process bus."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app
from tests.support.client import AnswerFor, register, run_text_interview
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


def model_answers(data_dir: Path) -> AnswerFor:
    """A strong answer: the question's model answer, read from the engine's SQLite file."""

    async def answer_for(interview_id: str, question_id: str) -> str:
        with sqlite3.connect(data_dir / "engine.db") as db:
            row = db.execute(
                "SELECT model_answer FROM questions WHERE interview_id = ? AND question_id = ?",
                (uuid.UUID(interview_id).hex, question_id),
            ).fetchone()
        return str(row[0])

    return answer_for


@pytest.fixture
async def embedded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[str, Path]]:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False))
    async with serve_in_process(app) as url:
        yield url, tmp_path


async def test_three_question_text_interview_embedded(embedded: tuple[str, Path]) -> None:
    base, tmp = embedded
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        candidate = await register(http, base)
        interview = await candidate.create_interview(question_count=3)
        async with candidate.events(interview["id"]) as stream:
            events = await run_text_interview(
                candidate, interview["id"], stream, answers=3, answer_for=model_answers(tmp)
            )

        # The questions are also spoken (question_audio_ready), whenever TTS is done.
        assert [e["type"] for e in events if e["type"] != "question_audio_ready"] == EXPECTED
        assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
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
        stranger = await register(http, base)
        assert (await stranger.get(f"/api/v1/interviews/{interview['id']}")).status_code == 404
        assert (
            await stranger.get(f"/api/v1/interviews/{interview['id']}/report")
        ).status_code == 404
