"""Features of an answer against its reference answer and key points (pure numpy).

The strongest signal is *alignment recall*: every content word of the reference, in context,
looks for its closest word of the answer (cosine of MiniLM token vectors, WordPiece pieces
merged into words); the mean of those best matches says how much of the reference the answer
expresses, in its own words or not. Words the question already uses earn nothing: repeating
the question is not an answer. Key points are scored the same way, one at a time. Lexical
features (shared stems) and the sentence-vector cosine complete the set; the calibrated
model in ``calibration.py`` weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from intervox_scoring.domain.text import STOP_WORDS, content_stems, stem, tokens

FloatArray = npt.NDArray[np.float32]

_PUNCTUATION = re.compile(r"^[^a-z0-9]+$")


@dataclass(frozen=True)
class EncodedText:
    """One text as the embedding model saw it."""

    sentence: FloatArray  # (d,), unit length
    tokens: FloatArray  # (n, d) contextual WordPiece vectors, unit length, no [CLS]/[SEP]
    pieces: Sequence[str]  # the WordPiece strings of the rows of ``tokens``


@dataclass(frozen=True)
class Words:
    words: list[str]
    vectors: FloatArray  # (n, d), unit length


@dataclass(frozen=True)
class KeyPoint:
    id: str
    text: str
    keywords: Sequence[str] = ()
    importance: int = 2


def merge_pieces(encoded: EncodedText) -> Words:
    """Whole words from WordPiece pieces ('index', '##ing' → 'indexing'), vectors averaged."""
    words: list[str] = []
    groups: list[list[int]] = []
    for i, piece in enumerate(encoded.pieces):
        if piece.startswith("##") and words:
            words[-1] += piece[2:]
            groups[-1].append(i)
        else:
            words.append(piece)
            groups.append([i])
    if not words:
        return Words([], np.zeros((0, encoded.tokens.shape[1]), dtype=np.float32))
    vectors = np.stack([encoded.tokens[g].mean(axis=0) for g in groups])
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return Words(words, vectors.astype(np.float32))


def _content(words: Words, excluded_stems: frozenset[str] = frozenset()) -> FloatArray:
    keep = [
        not _PUNCTUATION.match(w) and w not in STOP_WORDS and stem(w) not in excluded_stems
        for w in words.words
    ]
    if not any(keep):
        return words.vectors[:0]
    selected: FloatArray = words.vectors[np.array(keep, dtype=bool)]
    return selected


def alignment_recall(
    target: Words, answer: Words, question_stems: frozenset[str], *, strict: bool = False
) -> float:
    """Mean over the target's content words (not the question's) of the best cosine with a
    content word of the answer: 0 = nothing expressed, 1 = every word found. ``strict``
    leaves the question's words out of the answer too, so that an answer that only repeats
    the question scores 0: the evidence a key point is covered. (The calibrated model reads
    the lenient form: graded answers often restate the question usefully, and it predicts
    the human scores better.)"""
    wanted = _content(target, question_stems)
    if len(wanted) == 0:  # the target only repeats the question: judge all its words
        wanted = _content(target)
    given = _content(answer, question_stems if strict else frozenset())
    if len(wanted) == 0 or len(given) == 0:
        return 0.0
    return float(np.clip((wanted @ given.T).max(axis=1), 0.0, 1.0).mean())


def alignment_precision(reference: Words, answer: Words, question_stems: frozenset[str]) -> float:
    """The other direction: how much of what the answer adds to the question is on topic."""
    given = _content(answer, question_stems)
    wanted = _content(reference, question_stems)
    if len(given) == 0 or len(wanted) == 0:
        return 0.0
    return float(np.clip((given @ wanted.T).max(axis=1), 0.0, 1.0).mean())


def lexical_recall(target: str, answer_stems: set[str], question_stems: frozenset[str]) -> float:
    """Share of the target's content stems (not the question's) that the answer uses."""
    wanted = set(content_stems(target)) - question_stems
    if not wanted:
        wanted = set(content_stems(target))
    if not wanted:
        return 0.0
    return len(wanted & answer_stems) / len(wanted)


def lexical_precision(
    reference: str, answer_stems: set[str], question_stems: frozenset[str]
) -> float:
    given = answer_stems - question_stems
    if not given:
        return 0.0
    return len(given & set(content_stems(reference))) / len(given)


def keyword_hit(
    point: KeyPoint, answer_stems: set[str], answer_text: str, question_stems: frozenset[str]
) -> bool:
    """A key point's keyword (or most of its own words) appears in the answer. Keywords the
    question itself uses prove nothing and are skipped."""
    lowered = answer_text.lower()
    for keyword in point.keywords:
        words = content_stems(keyword)
        if not words or set(words) <= question_stems:
            continue
        if len(words) == 1 and words[0] in answer_stems:
            return True
        if len(words) > 1 and (keyword.lower() in lowered or set(words) <= answer_stems):
            return True
    point_stems = set(content_stems(point.text)) - question_stems
    return bool(point_stems) and len(point_stems & answer_stems) / len(point_stems) >= 0.6


def reference_key_points(reference: str) -> list[KeyPoint]:
    """Key points of a reference answer that has none: its clauses. Used to fit and
    benchmark on graded data (which has only reference answers) and by ``intervox-score``."""
    parts = [
        p.strip()
        for p in re.split(r"[.;:!?](?:\s+|$)|,\s+|\s+(?:and|or|but|whereas)\s+|\n+", reference)
        if p and p.strip()
    ]
    kept = [p for p in parts if content_stems(p)]
    texts = kept or [reference]
    return [KeyPoint(id=f"kp{i + 1}", text=t) for i, t in enumerate(texts)]


@dataclass(frozen=True)
class AnswerFeatures:
    """What the calibrated model and the rubric read. ``key_point_recall`` is per key point."""

    alignment_recall: float
    alignment_precision: float
    sentence_cosine: float
    lexical_recall: float
    lexical_precision: float
    key_point_recall: list[float]
    key_point_evidence: list[float]  # strict alignment recall: decides coverage
    key_point_lexical: list[float]
    key_point_keyword_hit: list[bool]
    importances: list[int]
    answer_words: int

    def key_point_coverage(self) -> float:
        """Importance-weighted mean alignment recall of the key points."""
        return _weighted(self.key_point_recall, self.importances)

    def key_point_lexical_coverage(self) -> float:
        return _weighted(self.key_point_lexical, self.importances)

    def as_model_inputs(self) -> dict[str, float]:
        return {
            "alignment_recall": self.alignment_recall,
            "alignment_precision": self.alignment_precision,
            "sentence_cosine": self.sentence_cosine,
            "lexical_recall": self.lexical_recall,
            "lexical_precision": self.lexical_precision,
            "key_point_coverage": self.key_point_coverage(),
            "key_point_lexical_coverage": self.key_point_lexical_coverage(),
        }


def _weighted(values: Sequence[float], weights: Sequence[int]) -> float:
    total = sum(weights)
    if not values or total <= 0:
        return 0.0
    return float(sum(v * w for v, w in zip(values, weights, strict=True)) / total)


def extract(
    question: str,
    reference: str,
    answer: str,
    key_points: Sequence[KeyPoint],
    encoded: tuple[EncodedText, EncodedText, Sequence[EncodedText]] | None,
) -> AnswerFeatures:
    """All features; ``encoded`` = (reference, answer, key points) from the embedding model,
    or None when it is unavailable (the embedding features are then 0 and only the lexical
    model may be used)."""
    question_stems = frozenset(content_stems(question))
    answer_stems = set(content_stems(answer))
    lexical_kp = [lexical_recall(kp.text, answer_stems, question_stems) for kp in key_points]
    hits = [keyword_hit(kp, answer_stems, answer, question_stems) for kp in key_points]
    if encoded is None:
        align_r = align_p = cosine = 0.0
        kp_recall = [0.0 for _ in key_points]
        kp_evidence = [0.0 for _ in key_points]
    else:
        ref_enc, ans_enc, kp_enc = encoded
        ref_words, ans_words = merge_pieces(ref_enc), merge_pieces(ans_enc)
        align_r = alignment_recall(ref_words, ans_words, question_stems)
        align_p = alignment_precision(ref_words, ans_words, question_stems)
        cosine = float(np.clip(ref_enc.sentence @ ans_enc.sentence, 0.0, 1.0))
        kp_words = [merge_pieces(e) for e in kp_enc]
        kp_recall = [alignment_recall(w, ans_words, question_stems) for w in kp_words]
        kp_evidence = [
            alignment_recall(w, ans_words, question_stems, strict=True) for w in kp_words
        ]
    return AnswerFeatures(
        alignment_recall=align_r,
        alignment_precision=align_p,
        sentence_cosine=cosine,
        lexical_recall=lexical_recall(reference, answer_stems, question_stems),
        lexical_precision=lexical_precision(reference, answer_stems, question_stems),
        key_point_recall=kp_recall,
        key_point_evidence=kp_evidence,
        key_point_lexical=lexical_kp,
        key_point_keyword_hit=hits,
        importances=[kp.importance for kp in key_points],
        answer_words=len(tokens(answer)),
    )
