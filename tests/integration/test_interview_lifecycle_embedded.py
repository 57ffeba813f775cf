"""Skip, repeat, pause/resume and end early, with the 409s for illegal moves (embedded)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app
from tests.support.client import register
from tests.support.servers import serve_in_process


@pytest.fixture
async def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False))
    async with serve_in_process(app) as url:
        yield url


async def test_skip_repeat_pause_resume_and_end(embedded: str) -> None:
    async with httpx.AsyncClient(base_url=embedded, timeout=30) as http:
        candidate = await register(http, embedded)
        interview = await candidate.create_interview(question_count=3)
        base = f"/api/v1/interviews/{interview['id']}"
        async with candidate.events(interview["id"]) as stream:
            q1 = (await stream.until("questions_ready"))["payload"]["first_question"]

            repeated = await http.post(f"{base}/repeat", headers=candidate.headers)
            assert repeated.status_code == 202
            again = await stream.until("question_repeated")
            assert again["payload"]["question"]["question_id"] == q1["question_id"]

            assert (await http.post(f"{base}/resume", headers=candidate.headers)).json()[
                "code"
            ] == "INTERVIEW_NOT_PAUSED"
            assert (await http.post(f"{base}/pause", headers=candidate.headers)).status_code == 202
            paused = await stream.until("interview_paused")
            assert paused["payload"]["question_id"] == q1["question_id"]
            blocked = await candidate.answer(interview["id"], q1["question_id"], "An answer.")
            assert blocked.status_code == 409
            assert blocked.json()["code"] == "INTERVIEW_PAUSED"
            detail = (await candidate.get(base)).json()
            assert detail["status"] == "paused"

            assert (await http.post(f"{base}/resume", headers=candidate.headers)).status_code == 202
            resumed = await stream.until("interview_resumed")
            assert resumed["payload"]["question"]["question_id"] == q1["question_id"]

            skipped = await http.post(
                f"{base}/skip", headers=candidate.headers, json={"question_id": q1["question_id"]}
            )
            assert skipped.status_code == 202
            q2 = (await stream.until("next_question"))["payload"]
            assert q2["reason"] == "skipped"
            assert q2["question"]["question_id"] == "q2"

            stale = await candidate.answer(interview["id"], q1["question_id"], "Late answer.")
            assert stale.json()["code"] == "QUESTION_MISMATCH"

            assert (await http.post(f"{base}/end", headers=candidate.headers)).status_code == 202
            ended = await stream.until("interview_end")
            assert ended["payload"]["reason"] == "ended_early"
            assert ended["payload"]["skipped"] == 1
            await stream.until("report_ready")
        again_end = await http.post(f"{base}/end", headers=candidate.headers)
        assert again_end.status_code == 409
        assert again_end.json()["code"] == "INTERVIEW_FINISHED"
        report = (await candidate.get(f"{base}/report")).json()
        assert report["end_reason"] == "ended_early"
        assert [q["skipped"] for q in report["questions"]] == [True, False]
