"""One segment's bytes → a ``SegmentTranscript``, whatever engine is configured.

Order of work: decode in memory (PyAV, 16 kHz mono, limits) → Silero VAD: no speech at
all means no engine is asked (and nothing can be invented) → the configured engine → on a
cloud failure, the local engine, saying so → the phantom-phrase filter.
"""

from __future__ import annotations

import logging
from pathlib import Path

from intervox_audio import MAX_SEGMENT_S, SAMPLE_RATE, AudioError, Pcm, decode, resample

from intervox_stt.domain import phantoms
from intervox_stt.domain.prompt import Prompt
from intervox_stt.domain.transcript import (
    SegmentTranscript,
    Word,
    drop_echo,
    join_text,
    mean_confidence,
)
from intervox_stt.domain.transcript import no_speech as no_speech_transcript
from intervox_stt.providers.base import EngineResult, SpeechEngine
from intervox_stt.providers.cloud import DeepgramEngine, OpenAIEngine
from intervox_stt.providers.local import LocalWhisper, SileroVad
from intervox_stt.settings import STTSettings

log = logging.getLogger(__name__)

# Silence kept after the end of speech the VAD found (which already has 0.2 s of padding).
TRAILING_SILENCE_S = 0.3


def clean(result: EngineResult, previous_text: str = "") -> tuple[str, tuple[Word, ...]]:
    """Drop phantom sentences, an echo of the previous segment's last words, a sign-off
    invented after the last sentence, then a lone doubtful "Thank you." / "You"."""
    kept = [(text, words) for text, words in result.sentences if not phantoms.is_phantom(text)]
    words = tuple(w for _, ws in kept for w in ws)
    text = join_text([text for text, _ in kept])
    if previous_text and words:
        unechoed = drop_echo(words, previous_text)
        if len(unechoed) < len(words):
            # Rebuilt from the words, which carry the engine's punctuation.
            words, text = unechoed, " ".join(w.text for w in unechoed)
    invented = phantoms.trailing_sign_off([w.text for w in words])
    if invented:
        words = words[:-invented]
        text = " ".join(w.text for w in words)
    confidence = mean_confidence(words) if words else 1.0 - result.no_speech_prob
    if not words and not text:
        return "", ()
    if phantoms.is_doubtful_filler_only([text], confidence):
        return "", ()
    return text, words


class Transcriber:
    def __init__(
        self,
        local: LocalWhisper,
        primary: SpeechEngine | None = None,
        vad: SileroVad | None = None,
    ) -> None:
        self.local = local
        self.primary = primary
        self.vad = vad or SileroVad()

    @property
    def engine_name(self) -> str:
        return (self.primary or self.local).name

    def load(self) -> None:
        """Load the local model even when a cloud engine is primary: it is the fallback,
        and must work with no network."""
        self.local.load()

    def transcribe_bytes(
        self,
        data: bytes,
        mime_type: str | None,
        prompt: Prompt,
        max_seconds: float | None = MAX_SEGMENT_S,
    ) -> SegmentTranscript:
        try:
            pcm = decode(data, mime_type, max_seconds=max_seconds)
        except AudioError as exc:
            # The gateway refuses such audio before publishing it; one that slips through
            # is recorded as silence, so the answer still completes.
            log.warning("segment not transcribed", extra={"error": exc.message})
            return no_speech_transcript(0.0, self.engine_name, error=exc.code)
        return self.transcribe(pcm, prompt)

    def transcribe(self, pcm: Pcm, prompt: Prompt) -> SegmentTranscript:
        pcm = resample(pcm, SAMPLE_RATE)
        duration = round(pcm.duration_s, 3)
        spans = self.vad.speech_spans(pcm)
        if not spans:
            return no_speech_transcript(duration, self.engine_name)
        # The silence after the last word is not sent to the engine: there is nothing in it
        # to transcribe, Whisper would spend a whole extra pass on it, and that pass is
        # where it invents "Thank you." (A cloud engine is sent less audio, too.)
        pcm = pcm.slice(0.0, min(pcm.duration_s, spans[-1][1] + TRAILING_SILENCE_S))
        engine: SpeechEngine = self.primary or self.local
        fallback_from: str | None = None
        try:
            result = engine.transcribe(pcm, prompt)
        except Exception as exc:
            if engine is self.local:
                raise
            log.warning(
                "stt provider failed; local engine takes over",
                extra={"provider": engine.name, "error": str(exc)[:300]},
            )
            fallback_from = engine.name
            engine = self.local
            result = engine.transcribe(pcm, prompt)
        text, words = clean(result, prompt.previous_text)
        return SegmentTranscript(
            text=text,
            words=words,
            duration_s=duration,
            engine=engine.name,
            no_speech=not text,
            fallback_from=fallback_from,
        )


def build_transcriber(settings: STTSettings) -> Transcriber:
    local = LocalWhisper(
        settings.stt_local_model,
        Path(settings.data_dir) / "models",
        cpu_threads=settings.stt_cpu_threads,
        beam_size=settings.stt_beam_size,
        short_window=settings.stt_short_window,
    )
    primary: SpeechEngine | None = None
    if settings.stt_engine == "deepgram":
        primary = DeepgramEngine(
            settings.deepgram_api_key or "",
            settings.deepgram_url,
            settings.deepgram_model,
            settings.stt_provider_timeout_s,
        )
    elif settings.stt_engine == "openai":
        primary = OpenAIEngine(
            settings.openai_api_key or "",
            settings.openai_base_url,
            settings.openai_stt_model,
            settings.stt_provider_timeout_s,
        )
    return Transcriber(local, primary)
