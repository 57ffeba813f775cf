"""The small calibrated model that turns answer features into a 0–5 score.

A ridge regression on square-rooted features (agreement features rise fast, then saturate:
the root makes the relation close to linear), fitted by ``scripts/fit_scorer.py`` on graded
short answers with the 0–5 human scale. Two heads ship: ``embedding`` (the default) and
``lexical`` (for when the embedding model cannot load). The parameters live in
``calibration.json`` beside the package; fitting code is here so the bench and the fit share it.

The 0–5 prediction is least-squares optimal on the graders' scale, and so shrunk toward
their (lenient) mean: an answer to a different question still predicts about 3. The
interview's correctness (0–100) therefore re-anchors it: ``zero`` is the mean prediction
for answers to other questions, ``full`` the mean prediction for full-mark answers, and
correctness is the linear map between them (clipped). Being linear, it keeps the correlation
with the human scores that the bench measures.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "calibration.json"
SCALE_MAX = 5.0

# Lexical recall and the sentence cosine were tried in this head too: on top of alignment
# recall they add nothing (grouped-CV r 0.664 with them, 0.671 without), so they serve the
# lexical head and the bench's baselines instead. See docs/scoring.md.
EMBEDDING_FEATURES = ("alignment_recall", "key_point_coverage", "alignment_precision")
LEXICAL_FEATURES = ("lexical_recall", "key_point_lexical_coverage", "lexical_precision")


def transform(value: float) -> float:
    return math.sqrt(min(1.0, max(0.0, value)))


@dataclass(frozen=True)
class LinearHead:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    zero: float = 0.0  # prediction that maps to correctness 0
    full: float = SCALE_MAX  # prediction that maps to correctness 100

    def correctness(self, inputs: Mapping[str, float]) -> float:
        span = max(self.full - self.zero, 1e-6)
        return min(100.0, max(0.0, 100.0 * (self.predict(inputs) - self.zero) / span))

    def predict(self, inputs: Mapping[str, float]) -> float:
        total = self.intercept
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            total += w * (transform(inputs[name]) - mu) / sd
        return min(SCALE_MAX, max(0.0, total))


@dataclass(frozen=True)
class Calibration:
    embedding: LinearHead
    lexical: LinearHead
    # Alignment recall from which a key point counts as covered by meaning (no keyword).
    key_point_threshold: float
    # Cross-validated RMSE of each head on the 0–5 scale: the confidence reads them.
    embedding_rmse: float
    lexical_rmse: float
    provenance: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Calibration:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            embedding=_head(raw["embedding"]),
            lexical=_head(raw["lexical"]),
            key_point_threshold=float(raw["key_point_threshold"]),
            embedding_rmse=float(raw["embedding_rmse"]),
            lexical_rmse=float(raw["lexical_rmse"]),
            provenance=dict(raw.get("provenance", {})),
        )

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _head(raw: Mapping[str, Any]) -> LinearHead:
    return LinearHead(
        features=tuple(raw["features"]),
        mean=tuple(float(v) for v in raw["mean"]),
        scale=tuple(float(v) for v in raw["scale"]),
        weights=tuple(float(v) for v in raw["weights"]),
        intercept=float(raw["intercept"]),
        zero=float(raw["zero"]),
        full=float(raw["full"]),
    )


# ----------------------------------------------------------------------------- fitting
def fit_head(
    inputs: Sequence[Mapping[str, float]],
    targets: Sequence[float],
    features: Sequence[str],
    l2: float,
) -> LinearHead:
    """Closed-form ridge on standardised, square-rooted features (intercept not penalised)."""
    x = np.array([[transform(row[f]) for f in features] for row in inputs], dtype=np.float64)
    y = np.asarray(targets, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    weights = np.linalg.solve(z.T @ z + l2 * np.eye(z.shape[1]), z.T @ (y - y.mean()))
    return LinearHead(
        features=tuple(features),
        mean=tuple(round(float(v), 8) for v in mean),
        scale=tuple(round(float(v), 8) for v in scale),
        weights=tuple(round(float(v), 8) for v in weights),
        intercept=round(float(y.mean()), 8),
    )


def anchor_scale(
    head: LinearHead,
    off_topic: Sequence[Mapping[str, float]],
    full_marks: Sequence[Mapping[str, float]],
) -> LinearHead:
    """The head with its correctness anchors set (see the module docstring)."""
    zero = float(np.mean([head.predict(x) for x in off_topic]))
    full = float(np.mean([head.predict(x) for x in full_marks]))
    return dataclasses.replace(head, zero=round(zero, 6), full=round(full, 6))


def grouped_folds(groups: Sequence[str], k: int, seed: int = 0) -> list[int]:
    """A fold number per row; every row of one group (question) is in the same fold."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[j]: i % k for i, j in enumerate(order)}
    return [fold_of[g] for g in groups]


def cross_validate(
    inputs: Sequence[Mapping[str, float]],
    targets: Sequence[float],
    groups: Sequence[str],
    features: Sequence[str],
    l2: float,
    k: int = 10,
) -> list[float]:
    """Out-of-fold predictions: each row predicted by a head that never saw its question."""
    folds = grouped_folds(groups, k)
    predictions = [0.0] * len(targets)
    for fold in range(k):
        train = [i for i, f in enumerate(folds) if f != fold]
        head = fit_head([inputs[i] for i in train], [targets[i] for i in train], features, l2)
        for i, f in enumerate(folds):
            if f == fold:
                predictions[i] = head.predict(inputs[i])
    return predictions


def pearson(a: Sequence[float], b: Sequence[float]) -> float:
    return float(np.corrcoef(np.asarray(a), np.asarray(b))[0, 1])


def rmse(a: Sequence[float], b: Sequence[float]) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def balanced_threshold(values: Sequence[float], positive: Sequence[bool]) -> float:
    """The cut on ``values`` that best separates positives from negatives, each class
    weighted equally (balanced accuracy), searched on a 0.01 grid."""
    v = np.asarray(values)
    p = np.asarray(positive, dtype=bool)
    best, best_score = 0.5, -1.0
    for cut in np.arange(0.10, 0.90, 0.01):
        score = ((v[p] >= cut).mean() + (v[~p] < cut).mean()) / 2
        if score > best_score + 1e-12:
            best, best_score = float(round(cut, 2)), float(score)
    return best
