"""A spoken interview across service processes on real RabbitMQ and PostgreSQL.

The TTS service speaks the question; that audio is re-encoded as a browser would send it
(webm/opus utterances with no duration) and sent as the answer through the gateway's
WebSocket; two STT replicas transcribe the segments (partials), one of them assembles the
final transcript, and the scorer scores it. Silence is reported as no speech, never
scored; garbage is refused with 415 and the pipeline keeps working.
"""

from __future__ import annotations

import base64
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import websockets
from intervox_audio import Pcm, decode, encode
from intervox_stt.domain.wer import word_error_rate

from tests.integration.conftest import wait_for
from tests.support.client import Session, register
from tests.support.servers import ServiceProcess, free_port, running
from tests.support.stack import Stack
from tests.support.voice import Socket, browser_segments, silence

pytestmark = pytest.mark.integration


@dataclass
class Voice:
    stt_a: ServiceProcess
    stt_b: ServiceProcess
    tts: ServiceProcess
    media_dir: Path


@pytest.fixture(scope="module")
def voice(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Voice]:
    tmp = tmp_path_factory.mktemp("voice")
    # Question audio goes where the gateways serve media from (one volume, or S3, in prod).
    media_dir = Path(stack.gateway_a.env["DATA_DIR"]) / "media"
    env = {
        "DATABASE_URL": stack.database_url,
        "AMQP_URL": stack.amqp_url,
        "BUS_NAMESPACE": stack.namespace,
        "DATA_DIR": str(tmp),
        "MEDIA_DIR": str(media_dir),
        "LOG_JSON": "true",
        "STT_CPU_THREADS": "1",
        # The same question text, the same audio: a question's WER does not vary by run.
        "TTS_PIPER_VARIATION": "false",
    }
    services = Voice(
        ServiceProcess("stt-a", "intervox_stt.main", env, free_port(), tmp),
        ServiceProcess("stt-b", "intervox_stt.main", env, free_port(), tmp),
        ServiceProcess("tts", "intervox_tts.main", env, free_port(), tmp),
        media_dir,
    )
    with running(services.stt_a, services.stt_b, services.tts):
        yield services


@contextlib.asynccontextmanager
async def interview_socket(stack: Stack) -> AsyncIterator[tuple[Session, str, Socket]]:
    async with httpx.AsyncClient(base_url=stack.gateway_a.url, timeout=30) as http:
        session = await register(http, stack.gateway_a.url)
        interview = await session.create_interview(question_count=2, topics=["http-apis"])
        url = stack.gateway_b.url.replace("http", "ws", 1)
        async with websockets.connect(
            f"{url}/api/v1/interviews/{interview['id']}/events",
            subprotocols=["intervox.v1", f"bearer.{session.access_token}"],  # type: ignore[list-item]
            max_size=None,
        ) as ws:
            yield session, interview["id"], Socket(ws)


async def question_audio(session: Session, event: dict[str, Any]) -> Pcm:
    """What the browser plays: the audio URL, fetched from the gateway."""
    payload = event["payload"]
    assert payload["audio_url"].startswith("/api/v1/media/questions/")
    response = await session.get(payload["audio_url"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("audio/")
    return decode(response.content, payload["mime_type"], max_seconds=None)


@pytest.mark.timeout(480)
async def test_tts_question_answered_by_voice_is_transcribed_and_scored(
    stack: Stack, voice: Voice
) -> None:
    async with interview_socket(stack) as (session, interview_id, socket):
        ready = await socket.event("questions_ready")
        question = ready["payload"]["first_question"]
        spoken = await socket.event("question_audio_ready", question_id=question["question_id"])
        assert spoken["payload"]["text"] == question["text"]  # captions travel with the audio
        assert spoken["payload"]["engine"] == "piper"
        assert spoken["payload"]["voice"] == "joe"
        pcm = await question_audio(session, spoken)
        assert abs(pcm.duration_s * 1000 - spoken["payload"]["duration_ms"]) < 100

        # The candidate "says" the question's own words, as browser utterances.
        segments = browser_segments(pcm, 2)
        assert len(segments) >= 2
        answer_id = await socket.speak(question["question_id"], segments)
        final = await socket.event("transcript.final", answer_id=answer_id)
        partials = [
            e
            for e in socket.events
            if e["type"] == "transcript.partial" and e["payload"]["answer_id"] == answer_id
        ]
        assert sorted(p["payload"]["segment_index"] for p in partials) == list(range(len(segments)))
        assert all(p["seq"] < final["seq"] for p in partials)
        body = final["payload"]
        assert not body["no_speech"]
        wer = word_error_rate(question["text"], body["text"])
        assert wer <= 0.15, (question["text"], body["text"])
        assert body["engine"] == "faster-whisper/base"
        assert body["fallback_from"] is None
        assert len(body["words"]) >= len(question["text"].split()) * 0.8
        starts = [w["start_s"] for w in body["words"]]
        assert starts == sorted(starts)
        assert starts[-1] < pcm.duration_s + 1
        assert 0.5 < body["confidence"] <= 1
        delivery = body["delivery"]
        assert delivery["words"] == len(body["words"])
        assert 80 < delivery["words_per_minute"] < 260
        assert delivery["duration_s"] == pytest.approx(pcm.duration_s, abs=0.3)

        score = await socket.event("score_ready", answer_id=answer_id)
        assert score["payload"]["question_id"] == question["question_id"]
        assert score["seq"] > final["seq"]
        # The next question (or a follow-up) is spoken as well.
        asked = await socket.event_where(
            lambda e: e["type"] in ("next_question", "follow_up_asked")
        )
        await socket.event(
            "question_audio_ready", question_id=asked["payload"]["question"]["question_id"]
        )

        # The report plays the answer back: every recorded segment, for its owner only.
        ended = await session.http.post(
            f"/api/v1/interviews/{interview_id}/end", headers=session.headers
        )
        assert ended.status_code == 202
        await socket.event("report_ready")
        report = (await session.get(f"/api/v1/interviews/{interview_id}/report")).json()
        spoken_answer = next(q for q in report["questions"] if q.get("answer_id") == answer_id)
        assert spoken_answer["answer_mode"] == "voice"
        assert len(spoken_answer["audio_urls"]) == len(segments)
        recording = await session.get(spoken_answer["audio_urls"][0])
        assert recording.status_code == 200
        assert recording.content

    # Each segment's transcript is in the stt schema; the answer was finalised once.
    rows = await stack.sql(
        "SELECT segment_index, engine FROM stt.segments WHERE answer_id = $1 ORDER BY 1",
        uuid.UUID(answer_id),
    )
    assert [r["segment_index"] for r in rows] == list(range(len(segments)))
    finals = await stack.sql(
        "SELECT count(*) AS n FROM stt.outbox WHERE event_type = 'transcript.final' "
        "AND body LIKE $1",
        f"%{answer_id}%",
    )
    assert finals[0]["n"] == 1
    cached = await stack.sql("SELECT count(*) AS n FROM tts.audio_cache")
    assert cached[0]["n"] >= 2


@pytest.mark.timeout(480)
async def test_silence_garbage_and_overlong_audio(stack: Stack, voice: Voice) -> None:
    async with interview_socket(stack) as (session, interview_id, socket):
        ready = await socket.event("questions_ready")
        question_id = ready["payload"]["first_question"]["question_id"]
        spoken = await socket.event("question_audio_ready", question_id=question_id)

        # Garbage bytes: refused with 415, nothing published.
        garbage = await socket.send(
            {
                "type": "audio_segment",
                "question_id": question_id,
                "answer_id": str(uuid.uuid4()),
                "segment_index": 0,
                "mime_type": "audio/webm",
                "audio_b64": base64.b64encode(np.random.default_rng(3).bytes(4000)).decode(),
            }
        )
        assert garbage["type"] == "error"
        assert garbage["code"] == "UNDECODABLE_AUDIO"
        assert "webm" in garbage["message"]
        # A 31-second segment: 413, cut at shorter pauses.
        long_segment = encode(silence(31.0), "webm", live=True)
        too_long = await socket.send(
            {
                "type": "audio_segment",
                "question_id": question_id,
                "answer_id": str(uuid.uuid4()),
                "segment_index": 0,
                "mime_type": "audio/webm",
                "audio_b64": base64.b64encode(long_segment).decode(),
            }
        )
        assert too_long["type"] == "error"
        assert too_long["code"] == "SEGMENT_TOO_LONG"
        # The REST chunk endpoint refuses garbage the same way.
        rest = await session.http.post(
            f"/api/v1/interviews/{interview_id}/answers/{uuid.uuid4()}/audio/0",
            params={"question_id": question_id},
            content=np.random.default_rng(4).bytes(3000),
            headers={**session.headers, "content-type": "audio/ogg"},
        )
        assert rest.status_code == 415
        assert rest.json()["code"] == "UNDECODABLE_AUDIO"
        # More than 5 minutes in one answer: the segment past the limit is refused (413),
        # the ten already accepted stay accepted.
        long_answer = str(uuid.uuid4())
        quiet_28s = base64.b64encode(encode(silence(28.0), "webm", live=True)).decode()
        replies = [
            await socket.send(
                {
                    "type": "audio_segment",
                    "question_id": question_id,
                    "answer_id": long_answer,
                    "segment_index": index,
                    "mime_type": "audio/webm",
                    "audio_b64": quiet_28s,
                }
            )
            for index in range(11)
        ]
        assert [r["type"] for r in replies] == ["ack"] * 10 + ["error"]
        assert replies[-1]["code"] == "ANSWER_TOO_LONG"
        # Silence only: "no speech detected", the question stays open, nothing is scored.
        silent_id = await socket.speak(
            question_id,
            [encode(silence(2.5), "ogg"), encode(silence(2.0), "ogg")],
            mime="audio/ogg;codecs=opus",
        )
        final = await socket.event("transcript.final", answer_id=silent_id)
        assert final["payload"]["no_speech"] is True
        assert final["payload"]["text"] == ""
        assert final["payload"]["delivery"] is None
        later = await socket.quiet_for(3.0)
        assert not [e for e in later if e["type"] in ("score_ready", "next_question")]
        state = (await session.get(f"/api/v1/interviews/{interview_id}")).json()
        assert state["current_question"]["question_id"] == question_id

        # The services kept running: the same question answered by voice is scored.
        answer_id = await socket.speak(
            question_id, browser_segments(await question_audio(session, spoken), 2)
        )
        heard = await socket.event("transcript.final", answer_id=answer_id)
        assert not heard["payload"]["no_speech"]
        await socket.event("score_ready", answer_id=answer_id)


@pytest.mark.timeout(300)
async def test_the_next_question_and_follow_up_are_spoken_ahead_of_time(
    stack: Stack, voice: Voice
) -> None:
    """While the candidate is on a question, the TTS speaks the questions that may come
    next and their likeliest follow-ups into its cache: whichever is asked is then
    announced from the cache, at once."""
    async with interview_socket(stack) as (session, interview_id, socket):
        first = (await socket.event("questions_ready"))["payload"]["first_question"]
        await socket.event("question_audio_ready", question_id=first["question_id"])
        (upcoming,) = await stack.sql(
            "SELECT id, body FROM engine.outbox WHERE event_type = 'questions.upcoming' "
            "AND body LIKE $1",
            f"%{interview_id}%",
        )
        texts = json.loads(upcoming["body"])["payload"]["texts"]
        assert 1 <= len(texts) <= 3
        assert first["text"] not in texts

        async def spoken_ahead(event_id: str) -> bool:
            return bool(await stack.sql("SELECT 1 FROM tts.inbox WHERE event_id = $1", event_id))

        await wait_for(lambda: spoken_ahead(str(upcoming["id"])), timeout=60)
        skipped = await session.http.post(
            f"/api/v1/interviews/{interview_id}/skip",
            json={"question_id": first["question_id"]},
            headers=session.headers,
        )
        assert skipped.status_code == 202
        # A skip keeps the difficulty: the likeliest upcoming question is the one asked.
        asked = (await socket.event("next_question"))["payload"]["question"]
        assert asked["text"] == texts[0]
        audio = await socket.event("question_audio_ready", question_id=asked["question_id"])
        assert audio["payload"]["cached"] is True

        # The last main question: nothing comes after it but its likeliest follow-ups.
        rows = await stack.sql(
            "SELECT id, body FROM engine.outbox WHERE event_type = 'questions.upcoming' "
            "AND body LIKE $1",
            f"%{interview_id}%",
        )
        (upcoming,) = [
            row
            for row in rows
            if json.loads(row["body"])["payload"]["after_question_id"] == asked["question_id"]
        ]
        ahead = json.loads(upcoming["body"])["payload"]
        assert ahead["texts"] == []
        assert 1 <= len(ahead["follow_ups"]) <= 2
        await wait_for(lambda: spoken_ahead(str(upcoming["id"])), timeout=60)
        # A vague answer misses every key point: the follow-up is the likeliest one, and it
        # is announced from the cache.
        answered = await session.answer(interview_id, asked["question_id"], "I am not sure.")
        assert answered.status_code == 202, answered.text
        follow_up = (await socket.event("follow_up_asked"))["payload"]["question"]
        assert follow_up["text"] == ahead["follow_ups"][0]
        audio = await socket.event("question_audio_ready", question_id=follow_up["question_id"])
        assert audio["payload"]["cached"] is True
