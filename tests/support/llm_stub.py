"""A local HTTP server that speaks the OpenAI chat-completions and Gemini generateContent
shapes, answering from a script: tests decide each reply (body, status, delay)."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class Reply:
    content: str | None = None  # the model's text; None with a status means an error reply
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


class LlmStub:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.default: Reply | None = None
        self.requests: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.post("/v1/chat/completions")(self._openai)
        self.app.post("/v1beta/models/{model}:generateContent")(self._gemini)

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    async def _next(self, request: Request) -> Reply:
        self.requests.append(json.loads(await request.body() or b"{}"))
        reply = self.replies.popleft() if self.replies else self.default
        if reply is None:
            return Reply(status=500, content=None)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        return reply

    async def _openai(self, request: Request) -> JSONResponse:
        reply = await self._next(request)
        if reply.status != 200:
            return JSONResponse(
                {"error": {"message": "stub error", "type": "server_error"}},
                status_code=reply.status,
                headers=reply.headers,
            )
        return JSONResponse(
            {
                "id": "chatcmpl-stub",
                "object": "chat.completion",
                "created": 0,
                "model": "stub",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": reply.content},
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )

    async def _gemini(self, model: str, request: Request) -> JSONResponse:
        reply = await self._next(request)
        if reply.status != 200:
            return JSONResponse(
                {"error": {"code": reply.status, "message": "stub error", "status": "UNAVAILABLE"}},
                status_code=reply.status,
                headers=reply.headers,
            )
        return JSONResponse(
            {
                "candidates": [
                    {
                        "content": {"role": "model", "parts": [{"text": reply.content}]},
                        "finishReason": "STOP",
                        "index": 0,
                    }
                ],
                "modelVersion": model,
            }
        )
