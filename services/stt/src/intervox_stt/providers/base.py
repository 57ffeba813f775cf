"""What every speech-to-text engine does."""

from __future__ import annotations

from typing import Protocol

from intervox_audio import Pcm

from intervox_stt.domain.prompt import Prompt
from intervox_stt.domain.transcript import Word


class EngineResult:
    """Raw output of an engine: sentences (for the phantom filter) and timed words."""

    def __init__(
        self,
        sentences: list[tuple[str, list[Word]]],
        no_speech_prob: float = 0.0,
    ) -> None:
        self.sentences = sentences
        self.no_speech_prob = no_speech_prob


class ProviderError(RuntimeError):
    """A cloud engine failed (network, status, payload): the local engine takes over."""


class SpeechEngine(Protocol):
    name: str

    def transcribe(self, pcm: Pcm, prompt: Prompt) -> EngineResult:
        """Blocking; called from a worker thread."""
        ...
