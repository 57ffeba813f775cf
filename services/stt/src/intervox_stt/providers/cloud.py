"""Cloud engines by configuration: Deepgram and OpenAI, over their REST APIs.

Both are plain HTTPS calls with httpx (one request per utterance segment), so their base
URLs can point at a local stub in tests. Any failure — network, timeout, non-2xx status,
unexpected payload — raises ``ProviderError``, and the transcriber falls back to the local
engine.
"""

from __future__ import annotations

import math
from typing import Any

import httpx
from intervox_audio import Pcm, encode

from intervox_stt.domain.prompt import Prompt
from intervox_stt.domain.transcript import Word
from intervox_stt.providers.base import EngineResult, ProviderError


def _clip01(value: float) -> float:
    return min(1.0, max(0.0, value))


def _request(call: Any, name: str) -> dict[str, Any]:
    try:
        response: httpx.Response = call()
    except httpx.HTTPError as exc:
        raise ProviderError(f"{name}: {type(exc).__name__}: {exc}") from exc
    if response.status_code >= 300:
        raise ProviderError(f"{name}: HTTP {response.status_code}: {response.text[:200]}")
    try:
        body = response.json()
    except ValueError as exc:
        raise ProviderError(f"{name}: response is not JSON") from exc
    if not isinstance(body, dict):
        raise ProviderError(f"{name}: unexpected response")
    return body


class DeepgramEngine:
    """Deepgram pre-recorded transcription (``POST /v1/listen``), with key-term boosting:
    ``keyterm`` for Nova-3, ``keywords`` for older models."""

    name = "deepgram"

    def __init__(self, api_key: str, base_url: str, model: str, timeout_s: float) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s

    def params(self, prompt: Prompt) -> list[tuple[str, str | int | float | bool | None]]:
        params: list[tuple[str, str | int | float | bool | None]] = [
            ("model", self.model),
            ("language", "en"),
            ("punctuate", "true"),
            ("smart_format", "true"),
            ("filler_words", "true"),
        ]
        for term in prompt.terms:
            if self.model.startswith("nova-3"):
                params.append(("keyterm", term))
            elif " " not in term:
                params.append(("keywords", f"{term}:2"))
        return params

    def transcribe(self, pcm: Pcm, prompt: Prompt) -> EngineResult:
        body = _request(
            lambda: httpx.post(
                f"{self.base_url}/v1/listen",
                params=self.params(prompt),
                content=encode(pcm, "wav"),
                headers={"Authorization": f"Token {self.api_key}", "Content-Type": "audio/wav"},
                timeout=self.timeout_s,
            ),
            self.name,
        )
        try:
            alternative = body["results"]["channels"][0]["alternatives"][0]
            words = [
                Word(
                    text=str(w.get("punctuated_word") or w["word"]),
                    start_s=max(0.0, float(w["start"])),
                    end_s=max(0.0, float(w["end"])),
                    confidence=_clip01(float(w.get("confidence", 0.0))),
                )
                for w in alternative.get("words", [])
            ]
            transcript = str(alternative.get("transcript", ""))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ProviderError(f"deepgram: unexpected payload ({exc})") from exc
        return EngineResult([(transcript, words)] if transcript.strip() else [])


class OpenAIEngine:
    """OpenAI transcription (``POST /audio/transcriptions``, verbose JSON with word
    timestamps; ``whisper-1`` is the model that returns them). Word confidence is the
    segment's mean token probability, the only confidence the API gives."""

    name = "openai"

    def __init__(self, api_key: str, base_url: str, model: str, timeout_s: float) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s

    def transcribe(self, pcm: Pcm, prompt: Prompt) -> EngineResult:
        data: dict[str, Any] = {
            "model": self.model,
            "language": "en",
            "response_format": "verbose_json",
            "timestamp_granularities[]": ["word", "segment"],
        }
        text_prompt = prompt.whisper_prompt()
        if text_prompt:
            data["prompt"] = text_prompt
        body = _request(
            lambda: httpx.post(
                f"{self.base_url}/audio/transcriptions",
                data=data,
                files={"file": ("segment.wav", encode(pcm, "wav"), "audio/wav")},
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=self.timeout_s,
            ),
            self.name,
        )
        try:
            segments = body.get("segments") or [
                {"text": body.get("text", ""), "start": 0.0, "end": math.inf}
            ]
            raw_words = body.get("words") or []
            sentences: list[tuple[str, list[Word]]] = []
            worst_no_speech = 0.0
            for segment in segments:
                start, end = float(segment.get("start", 0.0)), float(segment.get("end", math.inf))
                confidence = _clip01(math.exp(float(segment.get("avg_logprob", 0.0))))
                worst_no_speech = max(worst_no_speech, float(segment.get("no_speech_prob", 0.0)))
                words = [
                    Word(
                        text=str(w["word"]).strip(),
                        start_s=max(0.0, float(w["start"])),
                        end_s=max(0.0, float(w["end"])),
                        confidence=confidence,
                    )
                    for w in raw_words
                    if start <= float(w["start"]) < end and str(w["word"]).strip()
                ]
                sentences.append((str(segment.get("text", "")).strip(), words))
        except (KeyError, TypeError, ValueError) as exc:
            raise ProviderError(f"openai: unexpected payload ({exc})") from exc
        return EngineResult(sentences, worst_no_speech)
