"""The configured engine first, then piper, then espeak-ng: a question is always spoken."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from intervox_audio import Pcm

from intervox_tts.providers.base import SpeechSynth, SynthesisError
from intervox_tts.providers.cloud import DeepgramSynth, OpenAISynth
from intervox_tts.providers.espeak_engine import EspeakSynth
from intervox_tts.providers.piper_engine import JOE, PiperSynth
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
    speed: float = 1.0


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

    def voice_for(self, requested: str | None) -> Voice:
        """The preferred engine with the candidate's voice when it offers that voice, else
        with its configured one."""
        preferred = self.preferred
        if requested and requested != preferred.voice and requested in preferred.engine.voices:
            return Voice(preferred.engine, requested)
        return preferred

    def speak(self, text: str, voice: str | None = None, speed: float | None = None) -> Spoken:
        """``text`` in the candidate's voice and speed (None: the configured ones); on an
        engine's failure the next in the chain speaks, in its own default voice."""
        errors: list[str] = []
        first = self.voice_for(voice)
        rate = self.speed if speed is None else speed
        for candidate in self.chain:
            voice_used = first if candidate is self.preferred else candidate
            try:
                pcm = voice_used.engine.synthesize(text, voice_used.voice, rate)
            except Exception as exc:
                log.warning(
                    "tts engine failed",
                    extra={"engine": voice_used.engine.name, "error": str(exc)},
                )
                errors.append(f"{voice_used.engine.name}: {exc}")
                continue
            fallback = self.preferred.engine.name if candidate is not self.preferred else None
            return Spoken(pcm, voice_used.engine.name, voice_used.voice, fallback, rate)
        raise SynthesisError("every text-to-speech engine failed: " + "; ".join(errors))


def build_synthesizer(settings: TTSSettings) -> Synthesizer:
    local_voice: tuple[str, ...] = ()
    if settings.tts_engine == "piper" and settings.tts_voice and settings.tts_voice != JOE:
        local_voice = (settings.tts_voice,)
    piper = PiperSynth(
        settings.tts_threads, variation=settings.tts_piper_variation, extra_voices=local_voice
    )
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
