"""The speech engines for real: the offline Whisper models from PyPI (loaded once per
session), Silero VAD, jargon prompting, and the cloud engines against a local HTTP stub."""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from intervox_audio import Pcm, encode, resample, split_at_pauses
from intervox_stt.domain.prompt import build_prompt
from intervox_stt.domain.wer import word_error_rate
from intervox_stt.providers.cloud import DeepgramEngine, OpenAIEngine
from intervox_stt.providers.local import (
    BASE,
    assemble_base_model,
    model_directory,
    window_frames,
)
from intervox_stt.providers.transcriber import Transcriber, build_transcriber
from intervox_stt.settings import STTSettings

from tests.support.voice import (
    ANSWER,
    FIRST_UTTERANCE,
    QUESTION,
    StubApi,
    first_utterance,
    json_reply,
    local_whisper,
    silence,
    spoken,
    stub_api,
)


@pytest.fixture(scope="module")
def api() -> Iterator[StubApi]:
    yield from stub_api()


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    return Transcriber(local_whisper(BASE))


def test_hub_access_is_switched_off() -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_base_model_is_assembled_atomically_once(tmp_path: Path) -> None:
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        dirs = list(pool.map(assemble_base_model, [tmp_path] * 3))
    target = tmp_path / "whisper-base"
    assert dirs == [target] * 3
    assert sorted(p.name for p in target.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.json",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["whisper-base"]  # no staging left
    size = (target / "model.bin").stat().st_size
    assert size > 100_000_000
    # A half-written model (an older crash) is rebuilt, not loaded.
    with (target / "model.bin").open("r+b") as handle:
        handle.truncate(1000)
    assert assemble_base_model(tmp_path) == target
    assert (target / "model.bin").stat().st_size == size


def test_unknown_local_model_is_refused_not_downloaded(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never downloaded"):
        model_directory("large-v3", tmp_path)


def test_speech_is_transcribed_with_words_timings_and_confidence(
    transcriber: Transcriber,
) -> None:
    pcm = spoken()
    segment = transcriber.transcribe_bytes(
        encode(pcm, "webm", live=True),
        "audio/webm;codecs=opus",
        build_prompt(QUESTION, "http-apis"),
    )
    assert not segment.no_speech
    assert segment.engine == "faster-whisper/base"
    # piper's voice varies from one synthesis to the next; base + jargon prompt stays
    # around 5 % on this answer (docs/voice.md), 15 % leaves room for that variation.
    assert word_error_rate(ANSWER, segment.text) <= 0.15, segment.text
    assert len(segment.words) >= 30
    starts = [w.start_s for w in segment.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start_s <= w.end_s <= pcm.duration_s + 0.5 for w in segment.words)
    assert all(0 <= w.confidence <= 1 for w in segment.words)
    assert 0.5 < segment.confidence <= 1


def test_the_silence_after_an_answer_costs_no_second_pass(
    transcriber: Transcriber, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A candidate who stops and waits: Whisper encodes the speech once, is not asked to
    decode the trailing silence (where it would invent "Thank you."), and the segment
    still lasts as long as the candidate was recorded."""
    whisper = transcriber.local._whisper
    passes: list[int] = []
    encode_window = whisper.encode

    def counted(features: np.ndarray) -> object:
        passes.append(window_frames(features))
        return encode_window(features)

    monkeypatch.setattr(whisper, "encode", counted)
    speech = spoken()
    rate = speech.sample_rate
    pcm = Pcm(np.concatenate([speech.samples, silence(4.0, rate).samples]), rate)
    segment = transcriber.transcribe(resample(pcm), build_prompt(QUESTION, "http-apis"))
    assert word_error_rate(ANSWER, segment.text) <= 0.15, segment.text
    assert segment.duration_s == pytest.approx(pcm.duration_s, abs=0.01)
    # One encoder pass, over the speech (plus the margin), not over the silence.
    assert len(passes) == 1
    assert passes[0] <= (speech.duration_s + 0.5) * 100 + 100


def test_a_short_last_utterance_is_heard(transcriber: Transcriber) -> None:
    """ "…, and what are the trade-offs?" said after a pause: 1.4 s of speech, the kind of
    utterance a too-short encoder window garbles (it came out as "us." in a 10-s one)."""
    question = "When would you choose gRPC over a REST API with JSON, and what are the trade-offs?"
    _, last = split_at_pauses(spoken(question), 2, min_pause_s=0.25)
    assert last.duration_s < 2.0
    heard = transcriber.transcribe(
        last,
        build_prompt(question, "http-apis", "When would you choose gRPC over REST API with JSON?"),
    )
    assert word_error_rate("and what are the trade-offs", heard.text) <= 0.4, heard.text


def test_the_encoder_window_is_the_audio_plus_a_margin() -> None:
    def padded(seconds: float) -> np.ndarray:
        features = np.zeros((80, 3000), dtype=np.float32)
        features[:, : int(seconds * 100)] = -0.5
        return features

    assert window_frames(padded(3.0)) == 1500  # never below 15 s: shorter ones garble
    assert window_frames(padded(16.5)) == 1750  # the audio plus 1 s
    assert window_frames(padded(29.5)) == 3000  # never more than Whisper's 30 s
    assert window_frames(padded(17.37)) % 2 == 0  # the encoder halves it
    assert window_frames(np.zeros((1, 80, 3000), dtype=np.float32)) == 1500


def test_silence_is_no_speech_without_asking_the_model(transcriber: Transcriber) -> None:
    segment = transcriber.transcribe(silence(5.0), build_prompt(QUESTION, "http-apis"))
    assert segment.no_speech
    assert segment.text == ""
    assert segment.words == ()
    assert segment.duration_s == pytest.approx(5.0)


def test_undecodable_bytes_are_recorded_as_silence(transcriber: Transcriber) -> None:
    segment = transcriber.transcribe_bytes(
        b"\x00not audio" * 50, "audio/webm", build_prompt(None, None)
    )
    assert segment.no_speech
    assert segment.error == "UNDECODABLE_AUDIO"


def test_tiny_en_is_an_option() -> None:
    tiny = local_whisper("tiny.en")
    assert tiny.name == "faster-whisper/tiny.en"
    result = Transcriber(tiny).transcribe(first_utterance(), build_prompt(QUESTION, "http-apis"))
    assert word_error_rate(FIRST_UTTERANCE, result.text) <= 0.3, result.text


# ------------------------------------------------------------------ cloud engines
DEEPGRAM_REPLY = {
    "results": {
        "channels": [
            {
                "alternatives": [
                    {
                        "transcript": "Use an idempotency key.",
                        "confidence": 0.97,
                        "words": [
                            {
                                "word": "use",
                                "punctuated_word": "Use",
                                "start": 0.1,
                                "end": 0.3,
                                "confidence": 0.99,
                            },
                            {
                                "word": "an",
                                "punctuated_word": "an",
                                "start": 0.3,
                                "end": 0.4,
                                "confidence": 0.98,
                            },
                            {
                                "word": "idempotency",
                                "punctuated_word": "idempotency",
                                "start": 0.4,
                                "end": 1.0,
                                "confidence": 0.91,
                            },
                            {
                                "word": "key",
                                "punctuated_word": "key.",
                                "start": 1.0,
                                "end": 1.3,
                                "confidence": 0.97,
                            },
                        ],
                    }
                ]
            }
        ]
    }
}

OPENAI_REPLY = {
    "text": "Use an idempotency key.",
    "segments": [
        {
            "text": " Use an idempotency key.",
            "start": 0.0,
            "end": 1.4,
            "avg_logprob": -0.1,
            "no_speech_prob": 0.01,
        }
    ],
    "words": [
        {"word": "Use", "start": 0.1, "end": 0.3},
        {"word": "an", "start": 0.3, "end": 0.4},
        {"word": "idempotency", "start": 0.4, "end": 1.0},
        {"word": "key", "start": 1.0, "end": 1.3},
    ],
}


def test_deepgram_gets_the_audio_and_the_key_terms(api: StubApi) -> None:
    api.requests.clear()
    api.respond = lambda _: json_reply(DEEPGRAM_REPLY)
    engine = DeepgramEngine("dg-key", api.url, "nova-3", timeout_s=5)
    transcriber = Transcriber(local_whisper(BASE), primary=engine)
    segment = transcriber.transcribe(spoken(), build_prompt(QUESTION, "http-apis"))
    assert segment.text == "Use an idempotency key."
    assert segment.engine == "deepgram"
    assert segment.fallback_from is None
    assert [w.text for w in segment.words] == ["Use", "an", "idempotency", "key."]
    assert segment.words[2].confidence == 0.91
    (request,) = api.requests
    assert request.path == "/v1/listen"
    assert request.headers["authorization"] == "Token dg-key"
    assert request.body[:4] == b"RIFF"
    query = dict(request.query)
    assert query["model"] == "nova-3"
    assert query["language"] == "en"
    assert ("keyterm", "idempotent") in request.query
    assert ("keyterm", "PostgreSQL") in request.query


def test_openai_gets_the_prompt_and_returns_word_timings(api: StubApi) -> None:
    api.requests.clear()
    api.respond = lambda _: json_reply(OPENAI_REPLY)
    engine = OpenAIEngine("sk-test", api.url + "/v1", "whisper-1", timeout_s=5)
    segment = Transcriber(local_whisper(BASE), primary=engine).transcribe(
        spoken(), build_prompt(QUESTION, "http-apis")
    )
    assert segment.engine == "openai"
    assert segment.text == "Use an idempotency key."
    assert [(w.text, w.start_s) for w in segment.words][2] == ("idempotency", 0.4)
    assert all(w.confidence == pytest.approx(0.905, abs=0.01) for w in segment.words)
    (request,) = api.requests
    assert request.path == "/v1/audio/transcriptions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert b'name="timestamp_granularities[]"' in request.body
    assert b"Glossary:" in request.body
    assert b"idempotent" in request.body


@pytest.mark.parametrize("failure", ["status", "payload", "down"])
def test_a_failing_provider_falls_back_to_the_local_engine(api: StubApi, failure: str) -> None:
    api.requests.clear()
    api.respond = {
        "status": lambda _: json_reply({"err": "overloaded"}, status=503),
        "payload": lambda _: json_reply({"results": []}),
        "down": lambda _: json_reply({}),
    }[failure]
    url = "http://127.0.0.1:9" if failure == "down" else api.url
    engine = DeepgramEngine("dg-key", url, "nova-3", timeout_s=5)
    segment = Transcriber(local_whisper(BASE), primary=engine).transcribe(
        first_utterance(), build_prompt(QUESTION, "http-apis")
    )
    assert segment.engine == "faster-whisper/base"
    assert segment.fallback_from == "deepgram"
    assert word_error_rate(FIRST_UTTERANCE, segment.text) <= 0.3, segment.text


def test_settings_choose_the_engine(tmp_path: Path) -> None:
    settings = STTSettings(
        data_dir=tmp_path, stt_engine="deepgram", deepgram_api_key="k", deepgram_url="http://x"
    )
    transcriber = build_transcriber(settings)
    assert transcriber.engine_name == "deepgram"
    assert transcriber.local.name == "faster-whisper/base"
    with pytest.raises(ValueError, match="DEEPGRAM_API_KEY"):
        STTSettings(stt_engine="deepgram")
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        STTSettings(stt_engine="openai")


def test_segments_may_carry_a_previous_context(transcriber: Transcriber) -> None:
    first, second = split_at_pauses(spoken(), 2)
    one = transcriber.transcribe(first, build_prompt(QUESTION, "http-apis"))
    two = transcriber.transcribe(second, build_prompt(QUESTION, "http-apis", one.text))
    assert word_error_rate(ANSWER, f"{one.text} {two.text}") <= 0.15
    assert two.duration_s == pytest.approx(second.duration_s, abs=0.01)
