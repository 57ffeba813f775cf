"""What every text-to-speech engine does."""

from __future__ import annotations

from typing import Protocol

from intervox_audio import Pcm


class SynthesisError(RuntimeError):
    """An engine could not speak the text: the next engine in the chain takes over."""


class SpeechSynth(Protocol):
    name: str
    default_voice: str
    # The voices a candidate may pick (their preference names one): nothing else is ever
    # passed to the engine, so a preference can never name a file or a paid model.
    voices: tuple[str, ...]

    def load(self) -> None:
        """Make the first synthesis fast (load models); may raise SynthesisError."""
        ...

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        """Blocking; called from a worker thread. Mono PCM at the engine's rate."""
        ...
