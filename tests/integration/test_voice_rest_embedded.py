"""Spoken answers through the REST chunk endpoints, and who may fetch which audio (embedded)."""

from __future__ import annotations

import io
import math
import struct
import uuid
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app
from tests.support.client import register
from tests.support.servers import serve_in_process


def tone_wav(seconds: float = 1.0, rate: int = 16_000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(int(seconds * rate))
            )
        )
    return buffer.getvalue()


@pytest.fixture
async def embedded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("STT_LOCAL_MODEL", "tiny.en")
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False))
    async with serve_in_process(app) as url:
        yield url


async def test_rest_segments_limits_and_private_recordings(embedded: str) -> None:
    async with httpx.AsyncClient(base_url=embedded, timeout=60) as http:
        owner = await register(http, embedded)
        stranger = await register(http, embedded)
        interview = await owner.create_interview(question_count=1)
        async with owner.events(interview["id"]) as stream:
            question = (await stream.until("questions_ready", timeout=60))["payload"][
                "first_question"
            ]
            audio = await stream.until("question_audio_ready", timeout=120)
        spoken = await http.get(audio["payload"]["audio_url"], headers=owner.headers)
        assert spoken.status_code == 200
        assert spoken.headers["content-type"].startswith("audio/")
        assert (await http.get(audio["payload"]["audio_url"])).status_code == 401

        answer_id = uuid.uuid4()
        base = f"/api/v1/interviews/{interview['id']}/answers/{answer_id}/audio"
        query = {"question_id": question["question_id"]}
        garbage = await http.post(
            f"{base}/0",
            params=query,
            content=b"not audio at all",
            headers=owner.headers | {"content-type": "audio/webm"},
        )
        assert garbage.status_code == 415
        unsupported = await http.post(
            f"{base}/0",
            params=query,
            content=tone_wav(),
            headers=owner.headers | {"content-type": "video/x-flv"},
        )
        assert unsupported.status_code == 415
        accepted = await http.post(
            f"{base}/0",
            params=query,
            content=tone_wav(),
            headers=owner.headers | {"content-type": "audio/wav"},
        )
        assert accepted.status_code == 202, accepted.text
        missing = await http.post(
            f"{base}/complete", params=query | {"segment_count": 2}, headers=owner.headers
        )
        assert missing.status_code == 409
        assert missing.json()["code"] == "SEGMENTS_MISSING"
        done = await http.post(
            f"{base}/complete", params=query | {"segment_count": 1}, headers=owner.headers
        )
        assert done.status_code == 202

        key = f"recordings/{owner.user_id}/{interview['id']}/{answer_id}/0000.wav"
        mine = await http.get(f"/api/v1/media/{key}", headers=owner.headers)
        assert mine.status_code == 200
        assert mine.content == tone_wav()
        theirs = await http.get(f"/api/v1/media/{key}", headers=stranger.headers)
        assert theirs.status_code == 404
        escape = await http.get("/api/v1/media/recordings/../../etc/passwd", headers=owner.headers)
        assert escape.status_code == 404
