"""``intervox-transcribe FILE [--prompt TEXT] [--json]``: transcribe any audio file with the
configured engine (STT_ENGINE, STT_LOCAL_MODEL, … as for the service)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from intervox_audio import MAX_ANSWER_S, AudioError, decode

from intervox_stt.domain.delivery import analyse
from intervox_stt.domain.prompt import Prompt, key_terms
from intervox_stt.domain.transcript import assemble
from intervox_stt.providers.transcriber import build_transcriber
from intervox_stt.settings import STTSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="intervox-transcribe",
        description="Transcribe an audio file (webm, ogg, mp4/m4a, wav, mp3, …) offline by "
        "default, with the engine the STT service is configured with.",
    )
    parser.add_argument("file", type=Path, help="audio file")
    parser.add_argument(
        "--prompt", default="", help="context: the question, or jargon to spell right"
    )
    parser.add_argument(
        "--json", action="store_true", help="print words with timings and delivery analytics"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"intervox-transcribe: {exc}", file=sys.stderr)
        return 2
    try:
        pcm = decode(data, None, max_seconds=MAX_ANSWER_S)
    except AudioError as exc:
        print(f"intervox-transcribe: {args.file}: {exc.message}", file=sys.stderr)
        return 1 if exc.status == 415 else 3
    settings = STTSettings()
    transcriber = build_transcriber(settings)
    transcriber.load()
    prompt = Prompt(question=args.prompt, terms=tuple(key_terms(args.prompt, None)))
    started = time.perf_counter()
    segment = transcriber.transcribe(pcm, prompt)
    elapsed = time.perf_counter() - started
    whole = assemble([segment])
    if not args.json:
        print(whole.text if not whole.no_speech else "(no speech detected)")
        return 0
    result = {
        "text": whole.text,
        "no_speech": whole.no_speech,
        "engine": whole.engine,
        "fallback_from": whole.fallback_from,
        "duration_s": whole.duration_s,
        "confidence": whole.confidence,
        "transcribe_s": round(elapsed, 3),
        "words": [
            {"word": w.text, "start_s": w.start_s, "end_s": w.end_s, "confidence": w.confidence}
            for w in whole.words
        ],
        "delivery": None
        if whole.no_speech
        else analyse(whole.words, whole.duration_s).model_dump(mode="json"),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
