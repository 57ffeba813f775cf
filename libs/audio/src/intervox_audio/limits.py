"""The limits on spoken answers, the same wherever they are checked (gateway, stt)."""

from __future__ import annotations

MAX_SEGMENT_S = 30.0
"""One utterance segment: the browser cuts at pauses long before this."""

MAX_ANSWER_S = 300.0
"""One spoken answer, all segments together (5 minutes)."""

MAX_ANSWER_BYTES = 10_000_000
"""One spoken answer, all segments together (10 MB)."""
