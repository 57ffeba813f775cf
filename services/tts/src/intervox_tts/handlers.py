"""TTS handlers: questions in, ``question_audio_ready`` out.

The queue, its bindings and the transactional consumer are wired; the synthesis engines
arrive with the voice pipeline, and until then no handler is registered, so the consumer
acknowledges question events as ``ignored`` (counted in
``intervox_events_consumed_total{outcome="ignored"}``) instead of failing them.
"""

from __future__ import annotations

from dataclasses import dataclass

from intervox_platform.messaging import UnitOfWork
from intervox_platform.messaging.consumer import Handler


@dataclass
class TtsDeps:
    uow: UnitOfWork


HANDLERS: dict[str, Handler[TtsDeps]] = {}
