"""A small Intervox API client for tests: HTTP via httpx, events via the WebSocket."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

PASSWORD = "Interv0x!pass"


@dataclass
class Session:
    base_url: str
    email: str
    access_token: str
    user_id: str
    http: httpx.AsyncClient = field(repr=False)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def create_interview(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "role": "Backend engineer",
            "seniority": "mid",
            "topics": ["python"],
            "question_count": 3,
        } | overrides
        response = await self.http.post("/api/v1/interviews", json=body, headers=self.headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def answer(self, interview_id: str, question_id: str, text: str) -> httpx.Response:
        return await self.http.post(
            f"/api/v1/interviews/{interview_id}/answers",
            json={"question_id": question_id, "text": text},
            headers=self.headers,
        )

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers=self.headers)

    @contextlib.asynccontextmanager
    async def events(self, interview_id: str, after_seq: int = 0) -> AsyncIterator[EventStream]:
        ws_url = self.base_url.replace("http", "ws", 1)
        url = f"{ws_url}/api/v1/interviews/{interview_id}/events?after_seq={after_seq}"
        async with websockets.connect(
            url,
            subprotocols=["intervox.v1", f"bearer.{self.access_token}"],  # type: ignore[list-item]
        ) as ws:
            yield EventStream(ws)


@dataclass
class EventStream:
    ws: Any
    received: list[dict[str, Any]] = field(default_factory=list)

    async def next(self, timeout: float = 30.0) -> dict[str, Any]:
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout)
            event = json.loads(raw)
            if event.get("type") == "pong":
                continue
            self.received.append(event)
            return dict(event)

    async def until(self, event_type: str, timeout: float = 30.0) -> dict[str, Any]:
        while True:
            event = await self.next(timeout)
            if event["type"] == event_type:
                return event


async def register(http: httpx.AsyncClient, base_url: str, email: str | None = None) -> Session:
    email = email or f"candidate-{uuid.uuid4().hex[:8]}@example.com"
    response = await http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    body = response.json()
    return Session(
        base_url=base_url,
        email=email,
        access_token=body["access_token"],
        user_id=body["user"]["id"],
        http=http,
    )


AnswerFor = Callable[[str, str], Awaitable[str]]
"""(interview_id, question_id) → the text to answer with."""


async def run_text_interview(
    session: Session, interview_id: str, stream: EventStream, answers: int, answer_for: AnswerFor
) -> list[dict[str, Any]]:
    """Answer every question as it arrives; returns all events up to interview_end."""
    first = await stream.until("questions_ready")
    question = first["payload"]["first_question"]
    for _ in range(answers):
        text = await answer_for(interview_id, question["question_id"])
        response = await session.answer(interview_id, question["question_id"], text)
        assert response.status_code == 202, response.text
        await stream.until("score_ready")
        following = await stream.next()
        while following["type"] == "question_audio_ready":
            # Spoken questions (where a TTS service runs) arrive whenever synthesis is done.
            following = await stream.next()
        if following["type"] == "interview_end":
            break
        assert following["type"] == "next_question", following
        question = following["payload"]["question"]
    await stream.until("report_ready")
    return stream.received
