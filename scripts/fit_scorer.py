"""Fit the offline scorer's calibrated model and write the parameters the product ships.

    uv run python scripts/fit_scorer.py [--data ../shared/data/asag/mohler_dev.jsonl]

Reads graded short answers (question, reference_answer, answer, score 0–5, question_id),
computes the scorer's features with the real embedding model, fits both heads (embedding and
lexical fallback) by ridge regression, measures their error by cross-validation grouped by
question, anchors the interview correctness scale (0 = the mean answer to another question,
100 = the mean full-mark answer), picks the key-point coverage threshold, and writes
services/scoring/src/intervox_scoring/calibration.json. Deterministic: the same data gives the
same file. The data itself is never shipped nor read at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

from intervox_scoring.domain.calibration import (
    DEFAULT_PATH,
    EMBEDDING_FEATURES,
    LEXICAL_FEATURES,
    Calibration,
    anchor_scale,
    balanced_threshold,
    cross_validate,
    fit_head,
    pearson,
    rmse,
)
from intervox_scoring.domain.rubric import AnswerToScore
from intervox_scoring.graded import item_from_mapping, read_jsonl
from intervox_scoring.providers.offline import FeatureExtractor

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "asag" / "mohler_dev.jsonl"
L2 = 10.0
FOLDS = 10
# Graded answers to single-clause questions, as examples of a key point covered (score ≥ 4)
# or missed (score ≤ 2.5), set the coverage threshold.
COVERED_MIN, MISSED_MAX = 4.0, 2.5
# Off-topic examples: this many answers of another question, scored against each question.
OFF_TOPIC_PER_QUESTION = 5
OFF_TOPIC_OFFSET = 7  # "another question" = the one this many places on, in id order


def off_topic_items(rows: list[dict[str, object]]) -> list[AnswerToScore]:
    by_question: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_question.setdefault(str(row["question_id"]), []).append(row)
    ids = sorted(by_question)
    items = []
    for i, qid in enumerate(ids):
        own = item_from_mapping(by_question[qid][0])
        other = by_question[ids[(i + OFF_TOPIC_OFFSET) % len(ids)]]
        for row in other[:OFF_TOPIC_PER_QUESTION]:
            items.append(
                AnswerToScore(own.question, own.model_answer, own.key_points, str(row["answer"]))
            )
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()

    rows = read_jsonl(args.data)
    extract = FeatureExtractor.load()
    if extract.embedder is None:
        raise SystemExit("the embedding model did not load: cannot fit")
    started = time.perf_counter()
    items = [item_from_mapping(row) for row in rows]
    features = [extract(item) for item in items]
    inputs = [f.as_model_inputs() for f in features]
    targets = [float(row["score"]) for row in rows]
    groups = [str(row["question_id"]) for row in rows]
    off_topic_features = [extract(item) for item in off_topic_items(rows)]
    print(f"features of {len(rows)} answers in {time.perf_counter() - started:.1f} s")

    cv_embedding = cross_validate(inputs, targets, groups, EMBEDDING_FEATURES, L2, FOLDS)
    cv_lexical = cross_validate(inputs, targets, groups, LEXICAL_FEATURES, L2, FOLDS)
    single = [i for i, item in enumerate(items) if len(item.key_points) == 1]
    labelled = [i for i in single if targets[i] >= COVERED_MIN or targets[i] <= MISSED_MAX]
    evidence = [features[i].key_point_evidence[0] for i in labelled]
    covered = [targets[i] >= COVERED_MIN for i in labelled]
    for f in off_topic_features:
        evidence.extend(f.key_point_evidence)
        covered.extend(False for _ in f.key_point_evidence)
    threshold = balanced_threshold(evidence, covered)
    full_marks = [inputs[i] for i, t in enumerate(targets) if t >= 5.0]
    off_topic = [f.as_model_inputs() for f in off_topic_features]
    calibration = Calibration(
        embedding=anchor_scale(
            fit_head(inputs, targets, EMBEDDING_FEATURES, L2), off_topic, full_marks
        ),
        lexical=anchor_scale(
            fit_head(inputs, targets, LEXICAL_FEATURES, L2), off_topic, full_marks
        ),
        key_point_threshold=threshold,
        embedding_rmse=round(rmse(cv_embedding, targets), 4),
        lexical_rmse=round(rmse(cv_lexical, targets), 4),
        provenance={
            "data": args.data.name,
            "data_sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
            "answers": len(rows),
            "questions": len(set(groups)),
            "l2": L2,
            "folds": FOLDS,
            "fold_grouping": "question_id",
            "cv_pearson_embedding": round(pearson(cv_embedding, targets), 4),
            "cv_pearson_lexical": round(pearson(cv_lexical, targets), 4),
            "key_point_threshold_examples": len(evidence),
            "off_topic_examples": len(off_topic),
            "full_mark_examples": len(full_marks),
            "fitted_by": "scripts/fit_scorer.py",
        },
    )
    calibration.dump(args.out)
    cv = calibration.provenance
    print(
        f"wrote {args.out}: cv r={cv['cv_pearson_embedding']} rmse={calibration.embedding_rmse}"
        f" (lexical r={cv['cv_pearson_lexical']} rmse={calibration.lexical_rmse}),"
        f" key-point threshold {threshold}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
