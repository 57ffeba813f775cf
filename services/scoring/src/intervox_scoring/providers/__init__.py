"""Scoring engines: the offline scorer (default) and the LLM judge that falls back to it."""

from __future__ import annotations

import asyncio
import logging

from intervox_llm import LLMClient

from intervox_scoring.domain.rubric import AnswerToScore, RubricScore
from intervox_scoring.providers.llm_judge import LLMJudge
from intervox_scoring.providers.offline import OfflineScorer

log = logging.getLogger(__name__)


class ScoringEngine:
    """The judge when configured, else (and on any judge failure) the offline scorer."""

    def __init__(self, offline: OfflineScorer, llm: LLMClient | None = None) -> None:
        self.offline = offline
        self.judge = LLMJudge(llm) if llm is not None else None

    async def score(self, item: AnswerToScore) -> RubricScore:
        if self.judge is not None and item.answer.strip():
            try:
                return await self.judge.score(item)
            except Exception as exc:  # any failure: the candidate still gets a score
                log.warning(
                    "llm judge failed, scoring offline",
                    extra={"scorer": self.judge.name, "error": f"{type(exc).__name__}: {exc}"},
                )
        # ONNX releases the GIL: a worker thread keeps the event loop (and, embedded, the
        # gateway's websockets) responsive during the few tens of milliseconds it takes.
        return await asyncio.to_thread(self.offline.score, item)

    async def aclose(self) -> None:
        if self.judge is not None:
            await self.judge.llm.aclose()
