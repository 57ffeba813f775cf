"""The offline scorer: MiniLM embeddings + lexical and key-point features + the calibrated
model. Without the embedding model (not installed, file damaged) it scores with the lexical
head of the same calibration, and says so in its name."""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from intervox_scoring.domain import features as feats
from intervox_scoring.domain.assess import assess
from intervox_scoring.domain.calibration import DEFAULT_PATH, Calibration
from intervox_scoring.domain.rubric import AnswerToScore, RubricScore
from intervox_scoring.providers.embedding import MODEL_ID, EmbeddingModelError, MiniLMEmbedder

log = logging.getLogger(__name__)

EMBEDDING_SCORER = f"offline-{MODEL_ID}-v1"
LEXICAL_SCORER = "offline-lexical-v1"


@functools.cache
def _shared_embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


class FeatureExtractor:
    # Reference answers and key points repeat across candidates (a bank question is asked
    # many times): their encodings are kept, so a warm answer costs one ONNX run.
    CACHE_SIZE = 128

    def __init__(self, embedder: MiniLMEmbedder | None) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[tuple[str, ...], list[feats.EncodedText]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def _encode_reference(
        self, embedder: MiniLMEmbedder, texts: Sequence[str]
    ) -> list[feats.EncodedText]:
        key = tuple(texts)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        encoded = embedder.encode(list(texts))
        with self._cache_lock:
            self._cache[key] = encoded
            if len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return encoded

    @classmethod
    def load(cls, model_path: Path | None = None) -> FeatureExtractor:
        """The installed model, loaded once per process (the embedded product builds several
        apps in tests; a standalone service builds one); without it, lexical features only."""
        try:
            return cls(_shared_embedder() if model_path is None else MiniLMEmbedder(model_path))
        except EmbeddingModelError as exc:
            log.warning("embedding model unavailable, scoring lexically", extra={"error": str(exc)})
            return cls(None)

    def __call__(self, item: AnswerToScore) -> feats.AnswerFeatures:
        encoded = None
        if self.embedder is not None and item.answer.strip():
            # The answer alone, then the short texts together: padding six short key points
            # to the length of one long answer would multiply the work.
            (answer,) = self.embedder.encode([item.answer])
            reference, *points = self._encode_reference(
                self.embedder, [item.model_answer, *(kp.text for kp in item.key_points)]
            )
            encoded = (reference, answer, points)
        return feats.extract(
            item.question, item.model_answer, item.answer, item.key_points, encoded
        )


class OfflineScorer:
    def __init__(self, extractor: FeatureExtractor, calibration: Calibration) -> None:
        self.extractor = extractor
        self.calibration = calibration
        self.embedding = extractor.embedder is not None
        self.name = EMBEDDING_SCORER if self.embedding else LEXICAL_SCORER

    @classmethod
    def load(
        cls, calibration_path: Path = DEFAULT_PATH, model_path: Path | None = None
    ) -> OfflineScorer:
        return cls(FeatureExtractor.load(model_path), Calibration.load(calibration_path))

    def score(self, item: AnswerToScore) -> RubricScore:
        """CPU-bound (one or two ONNX runs): call it from a worker thread in async code."""
        return self.score_with_features(item)[0]

    def score_with_features(self, item: AnswerToScore) -> tuple[RubricScore, feats.AnswerFeatures]:
        features = self.extractor(item)
        result = assess(
            item, features, self.calibration, embedding=self.embedding, scorer=self.name
        )
        return result, features
