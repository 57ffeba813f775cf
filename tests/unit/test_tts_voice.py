"""Text to speech for real: piper and espeak-ng offline, OpenAI and Deepgram against a local
stub, the fallback chain, and the cache (SQLite + the local media store)."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import uuid
import wave
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from intervox_audio import Pcm, decode
from intervox_contracts.enums import Difficulty, QuestionKind, Seniority
from intervox_contracts.events import (
    InterviewRequested,
    InterviewRequestedPayload,
    QuestionsReady,
    QuestionsReadyPayload,
    QuestionsUpcoming,
    QuestionsUpcomingPayload,
    QuestionView,
)
from intervox_platform.db import Database
from intervox_platform.storage import LocalMediaStore
from intervox_tts.domain.speech import cache_key, media_key, speaking_order, spoken_text
from intervox_tts.handlers import (
    QuestionVoice,
    TtsDeps,
    on_interview_requested,
    on_questions_ready,
    on_questions_upcoming,
)
from intervox_tts.main import MIGRATIONS
from intervox_tts.providers.base import SpeechSynth, SynthesisError
from intervox_tts.providers.cloud import DeepgramSynth, OpenAISynth
from intervox_tts.providers.espeak_engine import EspeakSynth
from intervox_tts.providers.synthesizer import Synthesizer, Voice, build_synthesizer
from intervox_tts.settings import TTSSettings
from intervox_tts.store import SCHEMA

from tests.support.voice import StubApi, piper, stub_api

QUESTION = (
    "Explain how `SELECT ... FOR UPDATE` differs from optimistic locking, e.g. with versions."
)


def wav_bytes(seconds: float, rate: int = 24_000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        t = np.arange(int(seconds * rate)) / rate
        out.writeframes((8000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16).tobytes())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def api() -> Iterator[StubApi]:
    yield from stub_api()


# ------------------------------------------------------------------ pure
def test_spoken_text_and_cache_key() -> None:
    assert spoken_text(QUESTION) == (
        "Explain how SELECT ... FOR UPDATE differs from optimistic locking, for example with "
        "versions."
    )
    key = cache_key(QUESTION, "piper", "joe", 1.0, "wav")
    assert len(key) == 32
    assert key == cache_key(QUESTION.replace("`", ""), "piper", "joe", 1.0, "wav")
    others = {
        cache_key(QUESTION, "espeak-ng", "joe", 1.0, "wav"),
        cache_key(QUESTION, "piper", "other", 1.0, "wav"),
        cache_key(QUESTION, "piper", "joe", 1.25, "wav"),
        cache_key(QUESTION, "piper", "joe", 1.0, "mp3"),
        cache_key(QUESTION + "?", "piper", "joe", 1.0, "wav"),
    }
    assert key not in others
    assert len(others) == 5
    assert media_key(key, "wav") == f"questions/{key[:2]}/{key}.wav"


def test_the_likeliest_next_question_and_follow_up_are_spoken_ahead_first() -> None:
    assert speaking_order(["same", "harder", "easier"], ["core?", "other?"]) == [
        "same",
        "core?",
        "harder",
        "other?",
        "easier",
    ]
    assert speaking_order([], ["core?"]) == ["core?"]
    assert speaking_order(["same"], []) == ["same"]
    assert speaking_order(["same", "x"], ["same"]) == ["same", "x"]  # each text once


def test_settings_bound_the_speed() -> None:
    with pytest.raises(ValueError, match="less than or equal"):
        TTSSettings(tts_speed=2.0)
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        TTSSettings(tts_engine="openai")


# ------------------------------------------------------------------ engines
def test_piper_speaks_at_the_requested_speed() -> None:
    normal = piper().synthesize("The cache sits in front of the database.", "joe", 1.0)
    fast = piper().synthesize("The cache sits in front of the database.", "joe", 1.5)
    assert normal.sample_rate == 22_050
    assert 1.5 < normal.duration_s < 5
    assert fast.duration_s < normal.duration_s * 0.8
    assert float(np.sqrt(np.mean(normal.samples**2))) > 0.02  # not silence


def test_piper_without_variation_is_reproducible() -> None:
    from intervox_tts.providers.piper_engine import PiperSynth

    steady = PiperSynth(variation=False)
    one = steady.synthesize("Idempotent retries.", "joe", 1.0)
    two = steady.synthesize("Idempotent retries.", "joe", 1.0)
    assert np.array_equal(one.samples, two.samples)


def test_piper_refuses_a_voice_it_does_not_have() -> None:
    with pytest.raises(SynthesisError, match="piper voice"):
        piper().synthesize("Hello.", "/nonexistent/voice.onnx", 1.0)


def test_espeak_ng_speaks() -> None:
    engine = EspeakSynth()
    engine.load()
    pcm = engine.synthesize("Idempotent retries.", "en-us", 1.0)
    assert 0.5 < pcm.duration_s < 4
    assert float(np.max(np.abs(pcm.samples))) > 0.1
    with pytest.raises(SynthesisError, match="not installed"):
        EspeakSynth("no-such-espeak").synthesize("x", "en-us", 1.0)


def test_openai_tts_request(api: StubApi) -> None:
    api.requests.clear()
    api.respond = lambda _: (200, "audio/wav", wav_bytes(1.5))
    pcm = OpenAISynth("sk-test", api.url + "/v1", "gpt-4o-mini-tts", 5).synthesize(
        "Hello there.", "alloy", 1.25
    )
    assert abs(pcm.duration_s - 1.5) < 0.05
    (request,) = api.requests
    assert request.path == "/v1/audio/speech"
    assert request.headers["authorization"] == "Bearer sk-test"
    body = json.loads(request.body)
    assert (body["voice"], body["speed"], body["input"]) == ("alloy", 1.25, "Hello there.")


def test_deepgram_aura_request(api: StubApi) -> None:
    api.requests.clear()
    api.respond = lambda _: (200, "audio/wav", wav_bytes(1.0))
    pcm = DeepgramSynth("dg", api.url, 5).synthesize("Hello.", "aura-2-thalia-en", 1.0)
    assert abs(pcm.duration_s - 1.0) < 0.05
    (request,) = api.requests
    assert request.path == "/v1/speak"
    assert ("model", "aura-2-thalia-en") in request.query
    assert request.headers["authorization"] == "Token dg"


def test_a_failing_cloud_voice_falls_back_to_piper(api: StubApi) -> None:
    api.respond = lambda _: (500, "text/plain", b"boom")
    synthesizer = Synthesizer(
        [
            Voice(OpenAISynth("sk", api.url, "tts-1", 5), "alloy"),
            Voice(piper(), "joe"),
            Voice(EspeakSynth(), "en-us"),
        ]
    )
    spoken = synthesizer.speak("Hello.")
    assert (spoken.engine, spoken.voice, spoken.fallback_from) == ("piper", "joe", "openai")
    only_broken = Synthesizer([Voice(OpenAISynth("sk", api.url, "tts-1", 5), "alloy")])
    with pytest.raises(SynthesisError, match="every text-to-speech engine failed"):
        only_broken.speak("Hello.")


def test_the_configured_chain(tmp_path: Path) -> None:
    chain = build_synthesizer(TTSSettings(data_dir=tmp_path)).chain
    assert [(v.engine.name, v.voice) for v in chain] == [("piper", "joe"), ("espeak-ng", "en-us")]
    chain = build_synthesizer(
        TTSSettings(data_dir=tmp_path, tts_engine="deepgram", deepgram_api_key="k")
    ).chain
    assert [v.engine.name for v in chain] == ["deepgram", "piper", "espeak-ng"]
    assert chain[0].voice == "aura-2-thalia-en"


# ------------------------------------------------------------------ cache
async def test_a_question_is_spoken_once_then_served_from_the_cache(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'tts.db'}", SCHEMA, MIGRATIONS, wait_s=5)
    await database.start()
    media = LocalMediaStore(tmp_path / "media")
    voice = QuestionVoice(Synthesizer([Voice(piper(), "joe")]), media, "mp3")
    try:
        async with database.sessions() as session, session.begin():
            first = await voice.audio_for(session, QUESTION)
        assert not first.cached
        assert first.url == f"/api/v1/media/{first.media_key}"
        assert first.media_key.startswith("questions/")
        assert first.media_key.endswith(".mp3")
        assert first.mime_type == "audio/mpeg"
        assert first.engine == "piper"
        stored = await media.get(first.media_key)
        assert stored is not None
        assert (
            abs(
                decode(stored, "audio/mpeg", max_seconds=None).duration_s * 1000 - first.duration_ms
            )
            < 100
        )
        async with database.sessions() as session, session.begin():
            again = await voice.audio_for(session, QUESTION)
        assert again.cached
        assert again.media_key == first.media_key
        assert again.duration_ms == first.duration_ms
        # Lost audio (a wiped volume) is made again rather than served as a broken link.
        (tmp_path / "media" / first.media_key).unlink()
        async with database.sessions() as session, session.begin():
            remade = await voice.audio_for(session, QUESTION)
        assert not remade.cached
        assert await media.exists(remade.media_key)
    finally:
        await database.close()


def test_a_candidate_may_pick_only_a_voice_the_engine_offers() -> None:
    synthesizer = Synthesizer([Voice(EspeakSynth(), "en-us")])
    assert synthesizer.voice_for("en-gb").voice == "en-gb"
    assert synthesizer.voice_for(None).voice == "en-us"
    # Anything else (a file, another engine's voice) is never handed to the engine.
    assert synthesizer.voice_for("/etc/passwd.onnx").voice == "en-us"
    assert synthesizer.voice_for("alloy").voice == "en-us"


async def test_each_interview_is_spoken_in_its_candidates_voice_and_speed(
    tmp_path: Path,
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'tts.db'}", SCHEMA, MIGRATIONS, wait_s=5)
    await database.start()
    voice = QuestionVoice(
        Synthesizer([Voice(piper(), "joe")]), LocalMediaStore(tmp_path / "media"), "wav"
    )
    user = uuid.uuid4()

    def asked(interview: uuid.UUID) -> QuestionsReady:
        question = QuestionView(
            question_id="q1",
            index=1,
            total=1,
            text="How does a write-ahead log make a database durable?",
            topic="databases-sql",
            difficulty=Difficulty.MEDIUM,
            kind=QuestionKind.TECHNICAL,
        )
        return QuestionsReady.create(
            QuestionsReadyPayload(total=1, topics=["databases-sql"], first_question=question),
            interview_id=interview,
            user_id=user,
        )

    async def spoken(interview: uuid.UUID, **choice: object) -> dict[str, object]:
        async with database.sessions() as session, session.begin():
            deps = TtsDeps(uow=SimpleNamespace(session=session), voice=voice)  # type: ignore[arg-type]
            if choice:
                requested = InterviewRequested.create(
                    InterviewRequestedPayload(
                        role="Backend engineer",
                        seniority=Seniority.MID,
                        question_count=1,
                        **choice,  # type: ignore[arg-type]
                    ),
                    interview_id=interview,
                    user_id=user,
                )
                assert await on_interview_requested(requested, deps) == []
        async with database.sessions() as session, session.begin():
            deps = TtsDeps(uow=SimpleNamespace(session=session), voice=voice)  # type: ignore[arg-type]
            (ready,) = await on_questions_ready(asked(interview), deps)
        return ready.payload.model_dump()

    try:
        usual = await spoken(uuid.uuid4())
        brisk = await spoken(uuid.uuid4(), speech_rate=1.4, voice="/etc/passwd.onnx")
        slow = await spoken(uuid.uuid4(), speech_rate=0.75)
        usual_ms, brisk_ms, slow_ms = (int(str(p["duration_ms"])) for p in (usual, brisk, slow))
        assert brisk_ms < 0.85 * usual_ms
        assert usual_ms < 0.85 * slow_ms
        assert len({usual["audio_url"], brisk["audio_url"], slow["audio_url"]}) == 3
        assert brisk["voice"] == "joe"  # the unknown voice was not used
        # Another candidate at the same speed gets the same audio, from the cache.
        again = await spoken(uuid.uuid4(), speech_rate=1.4)
        assert again["cached"]
        assert again["audio_url"] == brisk["audio_url"]
    finally:
        await database.close()


class _Watched:
    """An engine that records what it was asked to say and how many syntheses ran at once."""

    def __init__(self, engine: SpeechSynth) -> None:
        self.engine = engine
        self.name, self.default_voice, self.voices = (
            engine.name,
            engine.default_voice,
            engine.voices,
        )
        self.said: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def load(self) -> None:
        self.engine.load()

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        with self._lock:
            self.said.append(text)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            return self.engine.synthesize(text, voice, speed)
        finally:
            with self._lock:
                self.running -= 1


async def test_speaking_ahead_never_competes_with_the_question_asked(tmp_path: Path) -> None:
    """The question asked and the questions that may follow it arrive together: the asked
    one is made once, alone, and the rest only after it."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'tts.db'}", SCHEMA, MIGRATIONS, wait_s=5)
    await database.start()
    engine = _Watched(piper())
    voice = QuestionVoice(Synthesizer([Voice(engine, "joe")]), LocalMediaStore(tmp_path), "wav")
    interview, user = uuid.uuid4(), uuid.uuid4()
    asked = "How does a write-ahead log make a database durable?"
    question = QuestionView(
        question_id="q1",
        index=1,
        total=2,
        text=asked,
        topic="databases-sql",
        difficulty=Difficulty.MEDIUM,
        kind=QuestionKind.TECHNICAL,
    )
    ready = QuestionsReady.create(
        QuestionsReadyPayload(total=2, topics=["databases-sql"], first_question=question),
        interview_id=interview,
        user_id=user,
    )
    upcoming = QuestionsUpcoming.caused_by(
        ready,
        QuestionsUpcomingPayload(
            after_question_id="q1",
            asked_text=asked,
            texts=["What is an index?"],
            follow_ups=["Why fsync?"],
        ),
    )

    async def handle(handler: Any, event: Any) -> list[Any]:
        async with database.sessions() as session, session.begin():
            deps = TtsDeps(uow=SimpleNamespace(session=session), voice=voice)  # type: ignore[arg-type]
            return list(await handler(event, deps))

    try:
        # The speaking ahead is handled first: the worst case for the question asked.
        ahead, (spoken,) = await asyncio.gather(
            handle(on_questions_upcoming, upcoming), handle(on_questions_ready, ready)
        )
        assert ahead == []
        assert spoken.payload.question_id == "q1"
        assert engine.said == [asked, "What is an index?", "Why fsync?"]
        assert engine.most_at_once == 1
        # All of it is in the cache now.
        for text in engine.said:
            async with database.sessions() as session, session.begin():
                assert (await voice.audio_for(session, text)).cached
    finally:
        await database.close()
