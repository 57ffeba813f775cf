"""``intervox-score --in FILE.jsonl --out OUT.jsonl``: score your own graded answers offline.

Each input line is a JSON object with ``question``, ``reference_answer`` and ``answer``
(optionally ``key_points`` and ``kind``); it is written back with ``predicted_score`` on the
0–5 scale and the ``rubric`` breakdown. Invalid lines are reported on stderr with their line
number and left out; the exit status is then 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from intervox_scoring.domain.rubric import RubricScore
from intervox_scoring.graded import GradedRecord, to_item
from intervox_scoring.providers.offline import OfflineScorer


def rubric_json(result: RubricScore) -> dict[str, Any]:
    out: dict[str, Any] = {
        "overall": result.overall,
        "correctness": result.correctness,
        "completeness": result.completeness,
        "clarity": result.clarity,
        "key_points_covered": result.key_points_covered,
        "key_points_missed": result.key_points_missed,
        "feedback": result.feedback,
        "strengths": result.strengths,
        "improvements": result.improvements,
        "confidence": result.confidence,
        "scorer": result.scorer,
    }
    if result.star is not None:
        out["star"] = {"present": result.star.present, "ordered": result.star.ordered}
    return out


def score_stream(
    scorer: OfflineScorer, source: TextIO, sink: TextIO, errors: TextIO
) -> tuple[int, int]:
    """(scored, rejected) line counts."""
    scored = rejected = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError("a line must be a JSON object")
            record = GradedRecord.model_validate(raw)
        except (ValueError, ValidationError) as exc:
            rejected += 1
            detail = exc.errors()[0] if isinstance(exc, ValidationError) else str(exc)
            if isinstance(detail, dict):
                detail = f"{'.'.join(str(p) for p in detail['loc'])}: {detail['msg']}"
            print(f"line {number}: {detail}", file=errors)
            continue
        result = scorer.score(to_item(record))
        raw["predicted_score"] = result.predicted_score
        raw["rubric"] = rubric_json(result)
        sink.write(json.dumps(raw, ensure_ascii=False) + "\n")
        scored += 1
    return scored, rejected


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="intervox-score", description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="source", required=True, help="input JSONL ('-' = stdin)")
    parser.add_argument("--out", dest="sink", required=True, help="output JSONL ('-' = stdout)")
    args = parser.parse_args(argv)
    if args.source != "-" and not Path(args.source).is_file():
        print(f"intervox-score: no such file: {args.source}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scorer = OfflineScorer.load()
    source = sys.stdin if args.source == "-" else open(args.source, encoding="utf-8")  # noqa: SIM115
    sink = sys.stdout if args.sink == "-" else open(args.sink, "w", encoding="utf-8")  # noqa: SIM115
    try:
        scored, rejected = score_stream(scorer, source, sink, sys.stderr)
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    print(
        f"intervox-score: {scored} scored, {rejected} rejected with {scorer.name} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 2 if rejected else 0


if __name__ == "__main__":
    raise SystemExit(main())
