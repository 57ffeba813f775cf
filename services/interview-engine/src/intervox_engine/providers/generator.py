"""Question generation by an LLM (any OpenAI-compatible server, or Gemini), with a cache.

Every failure — the provider down, rate-limited past its retries, a timeout, or output that
does not validate against the question schema — falls back to the curated bank, and each
question records where it came from.
"""

from __future__ import annotations

import logging
from typing import Protocol

from intervox_contracts.enums import InterviewType, Seniority

from intervox_engine.domain.generation import SYSTEM_PROMPT, GeneratedPlan, user_prompt

log = logging.getLogger(__name__)


class JsonLlm(Protocol):
    """What the engine needs of an LLM client (intervox_llm provides it)."""

    @property
    def name(self) -> str: ...

    async def generate_json(
        self, system: str, user: str, schema: type[GeneratedPlan]
    ) -> GeneratedPlan: ...


class QuestionGenerator:
    def __init__(self, llm: JsonLlm) -> None:
        self.llm = llm

    @property
    def source(self) -> str:
        return f"llm:{self.llm.name}"

    async def generate(
        self,
        role: str,
        seniority: Seniority,
        interview_type: InterviewType,
        topics: list[str],
        count: int,
        job_description: str | None,
    ) -> GeneratedPlan | None:
        try:
            return await self.llm.generate_json(
                SYSTEM_PROMPT,
                user_prompt(role, seniority, interview_type, topics, count, job_description),
                GeneratedPlan,
            )
        except Exception as exc:
            # The bank is always there: a provider problem must never stop an interview.
            log.warning(
                "question generation failed; using the bank",
                extra={"provider": self.llm.name, "error": str(exc)[:300]},
            )
            return None
