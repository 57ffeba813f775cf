"""Benchmark the offline scorer against human grades: ``make bench-scoring``.

    uv run python scripts/bench_scoring.py [--data ../shared/data/asag/mohler_dev.jsonl]

Accuracy: Pearson r and RMSE (0–5 scale) of out-of-fold predictions, from 10-fold
cross-validation grouped by question_id — every answer is predicted by a model fitted without
any answer to its question, with the same features, model and regularisation as the shipped
calibration (scripts/fit_scorer.py). Baselines on the same folds are printed for context.
Latency: the full production path (`OfflineScorer.score`: tokenise, embed, features, rubric,
feedback) per answer, one at a time, after one warm-up; p50/p95/max. "cold" empties the
scorer's cache of reference/key-point encodings before every answer (two ONNX runs: a
question seen for the first time); "warm" keeps it (one run: the question was scored
before). The last line reports the cold p95, the worst case.
The last line is machine-readable:
``bench-scoring pearson_r=<r> rmse=<x> p95_ms=<ms>``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
from intervox_scoring.domain.calibration import (
    EMBEDDING_FEATURES,
    LEXICAL_FEATURES,
    Calibration,
    cross_validate,
    pearson,
    rmse,
)
from intervox_scoring.graded import item_from_mapping, read_jsonl
from intervox_scoring.providers.offline import OfflineScorer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "asag" / "mohler_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=10)
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"bench-scoring: dataset not found: {args.data}")

    rows = read_jsonl(args.data)
    started = time.perf_counter()
    scorer = OfflineScorer.load()
    load_s = time.perf_counter() - started
    if not scorer.embedding:
        raise SystemExit("bench-scoring: the embedding model did not load")
    calibration: Calibration = scorer.calibration
    l2 = float(calibration.provenance.get("l2", 10.0))

    items = [item_from_mapping(row) for row in rows]
    scorer.score(items[0])  # warm-up: first ONNX run allocates
    cold_ms: list[float] = []
    warm_ms: list[float] = []
    inputs: list[dict[str, float]] = []
    for item in items:
        scorer.extractor.clear_cache()
        t0 = time.perf_counter()
        _, features = scorer.score_with_features(item)
        cold_ms.append(1000 * (time.perf_counter() - t0))
        t0 = time.perf_counter()
        scorer.score(item)
        warm_ms.append(1000 * (time.perf_counter() - t0))
        inputs.append(features.as_model_inputs())
    targets = [float(row["score"]) for row in rows]
    groups = [str(row["question_id"]) for row in rows]

    predicted = cross_validate(inputs, targets, groups, EMBEDDING_FEATURES, l2, args.folds)
    r, error = pearson(predicted, targets), rmse(predicted, targets)
    lexical = cross_validate(inputs, targets, groups, LEXICAL_FEATURES, l2, args.folds)
    alignment_only = cross_validate(inputs, targets, groups, ("alignment_recall",), l2, args.folds)
    cosine = [x["sentence_cosine"] for x in inputs]
    p50, p95 = np.percentile(cold_ms, [50, 95])
    warm50, warm95 = np.percentile(warm_ms, [50, 95])

    print(f"dataset        {args.data.name}: {len(rows)} answers, {len(set(groups))} questions")
    print(
        f"cross-val      {args.folds} folds grouped by question_id (no question in train and test)"
    )
    print(f"offline scorer pearson r = {r:.3f}   rmse = {error:.3f} (0-5 scale)")
    print(f"  baselines    raw MiniLM cosine r = {pearson(cosine, targets):.3f}")
    print(f"               alignment recall alone r = {pearson(alignment_only, targets):.3f}")
    print(
        f"               lexical fallback head r = {pearson(lexical, targets):.3f}"
        f"   rmse = {rmse(lexical, targets):.3f}"
    )
    print(f"               predicting the mean: rmse = {float(np.std(targets)):.3f}")
    print(
        f"latency cold   per answer p50 = {p50:.1f} ms   p95 = {p95:.1f} ms   "
        f"max = {max(cold_ms):.1f} ms on {os.cpu_count()} CPUs (model load {load_s:.2f} s)"
    )
    print(f"latency warm   per answer p50 = {warm50:.1f} ms   p95 = {warm95:.1f} ms")
    print(f"bench-scoring pearson_r={r:.3f} rmse={error:.3f} p95_ms={p95:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
