"""Voice test helpers: models loaded once per test session, speech made with the real TTS,
utterance segmentation, and a local HTTP stub standing in for cloud speech APIs."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import json
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import numpy as np
from intervox_audio import Pcm, encode, split_at_pauses

MODELS_DIR = Path(
    os.environ.get("INTERVOX_TEST_MODELS_DIR", Path(tempfile.gettempdir()) / "intervox-models")
)

QUESTION = "How would you make a payment endpoint idempotent when clients retry requests?"
ANSWER = (
    "I would require an idempotency key header. The service stores the key with the "
    "response in PostgreSQL inside the same transaction, so a retried request returns the "
    "stored result instead of charging twice. On Kubernetes every replica shares that table."
)

# The first utterance of ANSWER when it is cut in two (its first two sentences): long
# enough that no single word decides a test. (Alone, the sentence-final "header." of the
# piper voice is heard as "hatter." by base on some CPUs: tests must not hang on one word.)
FIRST_UTTERANCE = (
    "I would require an idempotency key header. The service stores the key with the "
    "response in PostgreSQL inside the same transaction"
)


@functools.cache
def first_utterance() -> Pcm:
    pcm: Pcm = split_at_pauses(spoken(), 2)[0]
    return pcm


@functools.cache
def local_whisper(model: str = "base") -> Any:
    from intervox_stt.providers.local import LocalWhisper

    engine = LocalWhisper(model, MODELS_DIR)
    engine.load()
    return engine


@functools.cache
def piper() -> Any:
    from intervox_tts.providers.piper_engine import PiperSynth

    synth = PiperSynth(variation=False)  # the same words, the same samples: stable tests
    synth.load()
    return synth


@functools.cache
def spoken(text: str = ANSWER) -> Pcm:
    """``text`` read by the piper voice (cached: the same words are synthesized once)."""
    pcm: Pcm = piper().synthesize(text, "joe", 1.0)
    return pcm


def silence(seconds: float, rate: int = 16_000, noise: float = 0.002) -> Pcm:
    """Room tone: faint noise, no speech."""
    rng = np.random.default_rng(7)
    return Pcm(rng.normal(0, noise, int(seconds * rate)).astype(np.float32), rate)


def browser_segments(pcm: Pcm, pieces: int) -> list[bytes]:
    """What MediaRecorder sends: each utterance a complete webm/opus with no duration."""
    return [
        encode(part, "webm", live=True) for part in split_at_pauses(pcm, pieces, min_pause_s=0.25)
    ]


@dataclass
class Recorded:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class StubApi:
    """A local HTTP server answering like a cloud API; ``respond`` decides each reply."""

    url: str
    requests: list[Recorded] = field(default_factory=list)
    respond: Callable[[Recorded], tuple[int, str, bytes]] = lambda _: (500, "text/plain", b"")


def stub_api() -> Iterator[StubApi]:
    """Generator for a fixture: starts the stub on 127.0.0.1, stops it afterwards."""
    holder: dict[str, StubApi] = {}

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            parsed = urlparse(self.path)
            request = Recorded(
                self.command,
                parsed.path,
                parse_qsl(parsed.query),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length),
            )
            api = holder["api"]
            api.requests.append(request)
            status, content_type, body = api.respond(request)
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = _handle
        do_GET = _handle

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["api"] = StubApi(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["api"]
    finally:
        server.shutdown()
        server.server_close()


def json_reply(body: Any, status: int = 200) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(body).encode()


@dataclass
class Socket:
    """The interview socket: events (with seq) and replies to our commands (with ref)."""

    ws: Any
    events: list[dict[str, Any]] = field(default_factory=list)
    replies: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def _read(self, timeout: float) -> None:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        if "seq" in message and message.get("seq") is not None:
            self.events.append(message)
        elif "ref" in message:
            self.replies[str(message["ref"])] = message

    async def event(self, kind: str, timeout: float = 60.0, **match: Any) -> dict[str, Any]:
        """The first event of type ``kind`` whose payload has the ``match`` values."""
        return await self.event_where(
            lambda e: e["type"] == kind and all(e["payload"].get(k) == v for k, v in match.items()),
            timeout,
        )

    async def event_where(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60.0
    ) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if predicate(event):
                    return event
            seen = len(self.events)
            await self._read(max(0.1, deadline - asyncio.get_running_loop().time()))

    async def send(self, message: dict[str, Any], timeout: float = 30.0) -> dict[str, Any]:
        ref = uuid.uuid4().hex[:8]
        await self.ws.send(json.dumps({**message, "ref": ref}))
        deadline = asyncio.get_running_loop().time() + timeout
        while ref not in self.replies:
            await self._read(max(0.1, deadline - asyncio.get_running_loop().time()))
        return self.replies.pop(ref)

    async def speak(
        self, question_id: str, segments: list[bytes], mime: str = "audio/webm;codecs=opus"
    ) -> str:
        answer_id = str(uuid.uuid4())
        for index, data in enumerate(segments):
            reply = await self.send(
                {
                    "type": "audio_segment",
                    "question_id": question_id,
                    "answer_id": answer_id,
                    "segment_index": index,
                    "mime_type": mime,
                    "audio_b64": base64.b64encode(data).decode(),
                }
            )
            assert reply["type"] == "ack", reply
        reply = await self.send(
            {
                "type": "audio_complete",
                "question_id": question_id,
                "answer_id": answer_id,
                "segment_count": len(segments),
            }
        )
        assert reply["type"] == "ack", reply
        return answer_id

    async def quiet_for(self, seconds: float) -> list[dict[str, Any]]:
        """Events that arrive within ``seconds`` (expected: none of some kind)."""
        before = len(self.events)
        with contextlib.suppress(TimeoutError):
            deadline = asyncio.get_running_loop().time() + seconds
            while True:
                await self._read(max(0.05, deadline - asyncio.get_running_loop().time()))
        return self.events[before:]
