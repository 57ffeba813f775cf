"""The configured engine first, then piper, then espeak-ng: a question is always spoken."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from intervox_audio import Pcm

from intervox_tts.providers.base import SpeechSynth, SynthesisError
from intervox_tts.providers.cloud import DeepgramSynth, OpenAISynth
from intervox_tts.providers.espeak_engine import EspeakSynth
from intervox_tts.providers.piper_engine import PiperSynth
from intervox_tts.settings import TTSSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Voice:
    engine: SpeechSynth
    voice: str


@dataclass(frozen=True)
class Spoken:
    pcm: Pcm
    engine: str
    voice: str
    fallback_from: str | None = None


class Synthesizer:
    def __init__(self, chain: list[Voice], speed: float = 1.0) -> None:
        if not chain:
            raise ValueError("no text-to-speech engine")
        self.chain = chain
        self.speed = speed

    @property
    def preferred(self) -> Voice:
        return self.chain[0]

    def load(self) -> None:
        """Warm the engines up; one that cannot load is skipped at synthesis time."""
        for voice in self.chain:
            try:
                voice.engine.load()
            except Exception as exc:
                log.warning(
                    "tts engine unavailable", extra={"engine": voice.engine.name, "error": str(exc)}
                )

    def speak(self, text: str) -> Spoken:
        errors: list[str] = []
        for voice in self.chain:
            try:
                pcm = voice.engine.synthesize(text, voice.voice, self.speed)
            except Exception as exc:
                log.warning(
                    "tts engine failed", extra={"engine": voice.engine.name, "error": str(exc)}
                )
                errors.append(f"{voice.engine.name}: {exc}")
                continue
            fallback = self.preferred.engine.name if voice is not self.preferred else None
            return Spoken(pcm, voice.engine.name, voice.voice, fallback)
        raise SynthesisError("every text-to-speech engine failed: " + "; ".join(errors))


def build_synthesizer(settings: TTSSettings) -> Synthesizer:
    piper = PiperSynth(settings.tts_threads)
    espeak = EspeakSynth(settings.espeak_ng_path)
    configured: SpeechSynth
    if settings.tts_engine == "openai":
        configured = OpenAISynth(
            settings.openai_api_key or "",
            settings.openai_base_url,
            settings.openai_tts_model,
            settings.tts_provider_timeout_s,
        )
    elif settings.tts_engine == "deepgram":
        configured = DeepgramSynth(
            settings.deepgram_api_key or "", settings.deepgram_url, settings.tts_provider_timeout_s
        )
    elif settings.tts_engine == "espeak":
        configured = espeak
    else:
        configured = piper
    chain = [Voice(configured, settings.tts_voice or configured.default_voice)]
    for fallback in (piper, espeak):
        if fallback is not configured:
            chain.append(Voice(fallback, fallback.default_voice))
    return Synthesizer(chain, settings.tts_speed)
