"""A tailored, adaptive 5-question interview across services on RabbitMQ/PostgreSQL:
resume + JD → topics, a follow-up after a weak answer, difficulty following the scores,
and a report (JSON and PDF) that matches the stored scores."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

import httpx
import pytest
from intervox_contracts.enums import Difficulty
from pypdf import PdfReader

from tests.support.client import EventStream, Session, register
from tests.support.stack import Stack

pytestmark = pytest.mark.integration

JD = (
    "We are hiring a backend engineer to build Python services with FastAPI and "
    "PostgreSQL; you will design schemas, tune SQL queries and write pytest suites."
)
RESUME = (
    "Grace Hopper - Software engineer\n"
    "Built REST APIs in Python (Django, FastAPI) backed by Postgres.\n"
    "Wrote integration tests with pytest; tuned slow SQL queries with indexes.\n"
)
WEAK = "I am not sure, I have not really worked with that."

ORDER = list(Difficulty)


def adapt(current: Difficulty, score: float) -> Difficulty:
    if score >= 80:
        return ORDER[min(ORDER.index(current) + 1, 2)]
    if score < 50:
        return ORDER[max(ORDER.index(current) - 1, 0)]
    return current


async def model_answer(stack: Stack, interview_id: str, question_id: str) -> str:
    rows = await stack.sql(
        "SELECT model_answer FROM engine.questions WHERE interview_id = $1 AND question_id = $2",
        uuid.UUID(interview_id),
        question_id,
    )
    return str(rows[0]["model_answer"])


async def answer(session: Session, interview_id: str, question_id: str, text: str) -> None:
    response = await session.answer(interview_id, question_id, text)
    assert response.status_code == 202, response.text


async def test_tailored_adaptive_interview_with_follow_up_and_report(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_a.url, timeout=60) as http:
        candidate = await register(http, stack.gateway_a.url)
        detected = await http.post(
            "/api/v1/profile/skills",
            headers=candidate.headers,
            data={"job_description": JD},
            files={"resume": ("grace.txt", RESUME.encode(), "text/plain")},
        )
        assert detected.status_code == 200, detected.text
        skills = detected.json()
        assert {"python", "sql-databases", "testing"} <= set(skills["topics"])
        assert any(s["skill"] == "postgresql" for s in skills["skills"])
        resume_row = await stack.sql(
            "SELECT media_key, text FROM gateway.resumes WHERE id = $1",
            uuid.UUID(skills["resume_id"]),
        )
        assert "Grace Hopper" in resume_row[0]["text"]

        interview = await candidate.create_interview(
            question_count=5,
            seniority="mid",
            topics=["python", "sql-databases"],
            job_description=JD,
            resume_id=skills["resume_id"],
        )
        interview_id = interview["id"]
        # Weak, strong, weak, strong, strong: difficulty must follow each result.
        plan = [WEAK, "strong", WEAK, "strong", "strong"]
        main_difficulties: list[Difficulty] = []
        follow_ups: list[dict[str, Any]] = []
        scores: dict[str, float] = {}
        async with candidate.events(interview_id) as stream:
            event = await stream.until("questions_ready", timeout=60)
            question = event["payload"]["first_question"]
            main_difficulties.append(Difficulty(question["difficulty"]))
            for step, style in enumerate(plan, start=1):
                text = (
                    WEAK
                    if style == WEAK
                    else await model_answer(stack, interview_id, question["question_id"])
                )
                await answer(candidate, interview_id, question["question_id"], text)
                score = (await stream.until("score_ready", timeout=60))["payload"]
                scores[score["question_id"]] = score["overall"]
                main_score = score["overall"]
                nxt = await next_question_event(stream)
                if nxt["type"] == "follow_up_asked":
                    follow_up = nxt["payload"]["question"]
                    follow_ups.append(follow_up)
                    assert follow_up["is_follow_up"] is True
                    assert follow_up["parent_question_id"] == question["question_id"]
                    await answer(
                        candidate,
                        interview_id,
                        follow_up["question_id"],
                        await model_answer(stack, interview_id, question["question_id"]),
                    )
                    follow_score = (await stream.until("score_ready", timeout=60))["payload"]
                    scores[follow_score["question_id"]] = follow_score["overall"]
                    main_score = max(main_score, 0.6 * main_score + 0.4 * follow_score["overall"])
                    nxt = await next_question_event(stream)
                if step == len(plan):
                    assert nxt["type"] == "interview_end"
                    break
                assert nxt["type"] == "next_question", nxt
                question = nxt["payload"]["question"]
                expected = adapt(main_difficulties[-1], main_score)
                actual = Difficulty(question["difficulty"])
                # The bank may lack a question at the exact level on a topic: never the
                # wrong direction, though.
                assert ORDER.index(actual) - ORDER.index(main_difficulties[-1]) in {
                    0,
                    ORDER.index(expected) - ORDER.index(main_difficulties[-1]),
                }
                main_difficulties.append(actual)
            await stream.until("report_ready", timeout=60)

        assert follow_ups, "a weak answer must get a follow-up"
        assert follow_ups[0]["parent_question_id"] == "q1"
        assert len(set(main_difficulties)) > 1, f"difficulty never moved: {main_difficulties}"

        report = (await candidate.get(f"/api/v1/interviews/{interview_id}/report")).json()
        stored = await stack.sql(
            "SELECT question_id, overall FROM scoring.scores WHERE interview_id = $1",
            uuid.UUID(interview_id),
        )
        stored_scores = {r["question_id"]: r["overall"] for r in stored}
        assert stored_scores == pytest.approx(scores)
        for question_report in report["questions"]:
            assert question_report["overall"] == pytest.approx(
                stored_scores[question_report["question_id"]]
            )
        mains = [q["question_score"] for q in report["questions"] if not q["is_follow_up"]]
        assert report["overall"] == pytest.approx(sum(mains) / len(mains), abs=0.06)
        assert set(report["per_topic"]) <= {"python", "sql-databases"}
        assert report["ratings"], "topic ratings move with every scored answer"
        ratings = await stack.sql(
            "SELECT topic, answers FROM engine.topic_ratings WHERE user_id = $1",
            uuid.UUID(candidate.user_id),
        )
        assert sum(r["answers"] for r in ratings) == len(scores)

        pdf = await candidate.get(f"/api/v1/interviews/{interview_id}/report.pdf")
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        flat = " ".join(text.split())
        for question_report in report["questions"]:
            assert " ".join(question_report["text"].split())[:40] in flat

        dashboard = (await candidate.get("/api/v1/dashboard")).json()
        assert dashboard["completed_total"] == 1
        assert dashboard["score_trend"][0]["overall"] == pytest.approx(report["overall"])
        assert json.dumps(dashboard["daily_challenge"])


async def next_question_event(stream: EventStream) -> dict[str, Any]:
    """The next event that moves the interview (skipping audio and transcripts)."""
    while True:
        event = await stream.next(timeout=60)
        if event["type"] in {"next_question", "follow_up_asked", "interview_end"}:
            return event


async def test_idle_interview_is_abandoned_and_paused_one_expires(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_a.url, timeout=60) as http:
        candidate = await register(http, stack.gateway_a.url)
        idle = await candidate.create_interview(question_count=2)
        paused = await candidate.create_interview(question_count=2)
        async with candidate.events(paused["id"]) as stream:
            await stream.until("questions_ready", timeout=60)
            response = await http.post(
                f"/api/v1/interviews/{paused['id']}/pause", headers=candidate.headers
            )
            assert response.status_code == 202
            await stream.until("interview_paused", timeout=30)
        async with candidate.events(idle["id"]) as stream:
            await stream.until("questions_ready", timeout=60)
            # 31 minutes of silence, and a pause 25 hours old, as the engine will see them.
            await stack.sql(
                "UPDATE engine.interviews SET last_activity_at = now() - "
                "interval '31 minutes' WHERE id = $1",
                uuid.UUID(idle["id"]),
            )
            await stack.sql(
                "UPDATE engine.interviews SET resume_before = now() - "
                "interval '1 hour' WHERE id = $1",
                uuid.UUID(paused["id"]),
            )
            ended = await stream.until("interview_end", timeout=30)
        assert ended["payload"]["status"] == "abandoned"
        assert ended["payload"]["reason"] == "inactivity_timeout"
        async with candidate.events(paused["id"]) as stream:
            expired = await stream.until("interview_end", timeout=30)
        assert expired["payload"]["status"] == "abandoned"
        detail = (await candidate.get(f"/api/v1/interviews/{paused['id']}")).json()
        assert detail["status"] == "abandoned"
        late = await http.post(
            f"/api/v1/interviews/{paused['id']}/resume", headers=candidate.headers
        )
        assert late.status_code == 409
        assert late.json()["code"] == "INTERVIEW_FINISHED"
