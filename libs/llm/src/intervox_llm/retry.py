"""Retries with exponential backoff for transient failures, honouring Retry-After."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from intervox_llm.errors import LLMUnavailableError

log = logging.getLogger(__name__)

T = TypeVar("T")


class Transient(Exception):
    """A failure worth retrying (429, 5xx, timeout, network); carries the server's hint."""

    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 30.0

    def delay(self, retry: int, retry_after_s: float | None) -> float:
        """Wait before retry number ``retry`` (0-based)."""
        if retry_after_s is not None:
            return min(max(0.0, retry_after_s), self.max_backoff_s)
        # Up to 25 % jitter so that many clients throttled together do not return together.
        base = self.backoff_s * float(2**retry)
        return min(base * (1 + random.uniform(0, 0.25)), self.max_backoff_s)


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Retry-After in seconds: ``retry-after-ms``, then Retry-After as seconds or HTTP date."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return float(lowered["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


async def with_retries(
    provider: str,
    policy: RetryPolicy,
    attempt: Callable[[], Awaitable[T]],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Run ``attempt``; on ``Transient`` wait and retry up to ``policy.retries`` times, then
    raise ``LLMUnavailableError``. Other exceptions pass through untouched."""
    retry = 0
    while True:
        try:
            return await attempt()
        except Transient as exc:
            if retry >= policy.retries:
                raise LLMUnavailableError(
                    provider, f"gave up after {retry + 1} attempts: {exc.reason}", retry + 1
                ) from exc
            wait = policy.delay(retry, exc.retry_after_s)
            log.warning(
                "llm request failed, retrying",
                extra={"provider": provider, "reason": exc.reason, "retry_in_s": round(wait, 2)},
            )
            await sleep(wait)
            retry += 1
