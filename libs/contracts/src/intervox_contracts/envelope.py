"""The envelope every Intervox event travels in.

Wire format (JSON)::

    {"event_id": "...", "type": "score_ready", "version": 1, "occurred_at": "...",
     "interview_id": "...", "user_id": "...", "correlation_id": "...",
     "causation_id": "...", "seq": 7, "payload": {...}}

``seq`` is assigned by the gateway when it relays an event to clients: it is a per-interview
counter that increases by one for every client-facing event, so a client that reconnects
with the last ``seq`` it saw gets exactly what it missed. Events that are not relayed have
``seq = null``.

Compatibility rule: consumers ignore fields they do not know, so a producer may add an
optional payload field without a version bump; anything else (removing or renaming a
field, changing a type, adding a required field) is a new ``version`` of the event.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


def utc_now() -> datetime:
    return datetime.now(UTC)


class Payload(BaseModel):
    """Base of every event payload: unknown fields are ignored (forward compatibility)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Event(BaseModel):
    """Common envelope. Subclasses pin ``type``/``version`` and give ``payload`` its model."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    # Set by subclasses; used by the registry, the router and the AsyncAPI generator.
    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    RELAYED: ClassVar[bool] = False
    SUMMARY: ClassVar[str] = ""

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str
    version: int
    occurred_at: AwareDatetime = Field(default_factory=utc_now)
    interview_id: uuid.UUID
    user_id: uuid.UUID
    correlation_id: str = Field(min_length=1, max_length=128)
    causation_id: uuid.UUID | None = None
    seq: int | None = Field(default=None, ge=1)
    payload: Payload

    @classmethod
    def create(
        cls,
        payload: Any,
        *,
        interview_id: uuid.UUID,
        user_id: uuid.UUID,
        correlation_id: str | None = None,
    ) -> Self:
        """A new event that starts a causal chain (e.g. a user's HTTP request)."""
        return cls(
            type=cls.TYPE,
            version=cls.VERSION,
            interview_id=interview_id,
            user_id=user_id,
            correlation_id=correlation_id or str(uuid.uuid4()),
            payload=payload,
        )

    @classmethod
    def caused_by(cls, parent: Event, payload: Any) -> Self:
        """A new event produced while handling ``parent``: same interview, user, correlation."""
        return cls(
            type=cls.TYPE,
            version=cls.VERSION,
            interview_id=parent.interview_id,
            user_id=parent.user_id,
            correlation_id=parent.correlation_id,
            causation_id=parent.event_id,
            payload=payload,
        )

    def with_seq(self, seq: int) -> Self:
        return self.model_copy(update={"seq": seq})

    def to_json(self) -> bytes:
        return self.model_dump_json().encode()
