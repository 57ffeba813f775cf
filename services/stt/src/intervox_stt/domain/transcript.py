"""Transcripts of segments and their assembly into one answer's transcript."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float
    confidence: float


@dataclass(frozen=True)
class SegmentTranscript:
    """What one engine heard in one utterance segment (times relative to the segment)."""

    text: str
    words: tuple[Word, ...]
    duration_s: float
    engine: str
    no_speech: bool = False
    fallback_from: str | None = None
    error: str | None = None

    @property
    def confidence(self) -> float:
        return mean_confidence(self.words)


@dataclass(frozen=True)
class AnswerTranscript:
    """The whole answer: words on one timeline (each segment after the previous one)."""

    text: str
    words: tuple[Word, ...]
    duration_s: float
    confidence: float
    no_speech: bool
    engine: str
    fallback_from: str | None = None
    segment_offsets: tuple[float, ...] = field(default_factory=tuple)


def mean_confidence(words: tuple[Word, ...] | list[Word]) -> float:
    if not words:
        return 0.0
    return round(sum(w.confidence for w in words) / len(words), 4)


def no_speech(duration_s: float, engine: str, error: str | None = None) -> SegmentTranscript:
    return SegmentTranscript("", (), duration_s, engine, no_speech=True, error=error)


def join_text(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def assemble(segments: list[SegmentTranscript]) -> AnswerTranscript:
    """Segments in index order → one transcript. Word times are shifted by the duration of
    the segments before, so pauses inside segments stay measurable."""
    offset = 0.0
    words: list[Word] = []
    offsets: list[float] = []
    for segment in segments:
        offsets.append(round(offset, 3))
        words.extend(
            replace(w, start_s=round(w.start_s + offset, 3), end_s=round(w.end_s + offset, 3))
            for w in segment.words
        )
        offset += segment.duration_s
    spoken = [s for s in segments if not s.no_speech and s.text.strip()]
    fallbacks = [s.fallback_from for s in segments if s.fallback_from]
    engines = [s.engine for s in spoken] or [s.engine for s in segments]
    return AnswerTranscript(
        text=join_text([s.text for s in spoken]),
        words=tuple(words),
        duration_s=round(offset, 3),
        confidence=mean_confidence(words),
        no_speech=not spoken,
        # The engine that heard most of the answer; a fallback anywhere is reported.
        engine=max(set(engines), key=engines.count) if engines else "none",
        fallback_from=fallbacks[0] if fallbacks else None,
        segment_offsets=tuple(offsets),
    )


MIN_ECHO_WORDS = 3


def _plain(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def drop_echo(words: tuple[Word, ...], previous_text: str) -> tuple[Word, ...]:
    """Whisper, given the previous segment's text as context, sometimes starts a short
    segment by repeating that text's last words. Words at the start of this segment that
    repeat at least ``MIN_ECHO_WORDS`` words at the end of the previous one are dropped."""
    before = [p for p in (_plain(w) for w in previous_text.split()) if p]
    now = [_plain(w.text) for w in words]
    longest = 0
    for k in range(MIN_ECHO_WORDS, min(len(before), len(now)) + 1):
        # The first echoed word may be the tail of a compound ("offset-based" → "Based").
        head, tail = before[-k], before[len(before) - k + 1 :]
        if now[0] and head.endswith(now[0]) and now[1:k] == tail:
            longest = k
    return words[longest:]
