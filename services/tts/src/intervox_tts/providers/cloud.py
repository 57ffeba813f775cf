"""Cloud voices by configuration: OpenAI TTS and Deepgram Aura, over their REST APIs (base
URLs configurable, so tests point them at a local stub)."""

from __future__ import annotations

from typing import Any

import httpx
from intervox_audio import AudioError, Pcm, decode

from intervox_tts.providers.base import SynthesisError


def _audio(call: Any, name: str) -> Pcm:
    try:
        response: httpx.Response = call()
    except httpx.HTTPError as exc:
        raise SynthesisError(f"{name}: {type(exc).__name__}: {exc}") from exc
    if response.status_code >= 300:
        raise SynthesisError(f"{name}: HTTP {response.status_code}: {response.text[:200]}")
    try:
        return decode(response.content, "audio/wav", max_seconds=None, sample_rate=24_000)
    except AudioError as exc:
        raise SynthesisError(f"{name}: unreadable audio ({exc.message})") from exc


class OpenAISynth:
    name = "openai"
    default_voice = "alloy"
    voices: tuple[str, ...] = (
        "alloy",
        "ash",
        "ballad",
        "coral",
        "echo",
        "fable",
        "nova",
        "onyx",
        "sage",
        "shimmer",
        "verse",
    )

    def __init__(self, api_key: str, base_url: str, model: str, timeout_s: float) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s

    def load(self) -> None:
        return None

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        return _audio(
            lambda: httpx.post(
                f"{self.base_url}/audio/speech",
                json={
                    "model": self.model,
                    "voice": voice,
                    "input": text,
                    "speed": speed,
                    "response_format": "wav",
                },
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=self.timeout_s,
            ),
            self.name,
        )


class DeepgramSynth:
    """Deepgram Aura: the voice is the model name. Aura has no rate control, so the speed
    setting does not apply to it."""

    name = "deepgram"
    default_voice = "aura-2-thalia-en"
    voices: tuple[str, ...] = (
        "aura-2-thalia-en",
        "aura-2-andromeda-en",
        "aura-2-apollo-en",
        "aura-2-arcas-en",
        "aura-2-athena-en",
        "aura-2-helios-en",
        "aura-2-luna-en",
        "aura-2-orion-en",
    )

    def __init__(self, api_key: str, base_url: str, timeout_s: float) -> None:
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def load(self) -> None:
        return None

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        return _audio(
            lambda: httpx.post(
                f"{self.base_url}/v1/speak",
                params={
                    "model": voice,
                    "encoding": "linear16",
                    "container": "wav",
                    "sample_rate": 24000,
                },
                json={"text": text},
                headers={"Authorization": f"Token {self.api_key}"},
                timeout=self.timeout_s,
            ),
            self.name,
        )
