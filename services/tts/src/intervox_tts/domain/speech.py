"""What a question sounds like: the text as spoken, and the key its audio is cached by."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence

_SPOKEN = [
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code marks are not read out
    (re.compile(r"\*\*?([^*]+)\*\*?"), r"\1"),
    (re.compile(r"\be\.g\.", re.IGNORECASE), "for example"),
    (re.compile(r"\bi\.e\.", re.IGNORECASE), "that is"),
    (re.compile(r"\betc\.", re.IGNORECASE), "et cetera"),
    (re.compile(r"\bvs\.?(?=\s)", re.IGNORECASE), "versus"),
    (re.compile(r"(?<=[A-Za-z0-9])/(?=[A-Za-z0-9])"), " "),  # I/O, CI/CD, TCP/IP: no "slash"
    (re.compile(r"\s+"), " "),
]


def spoken_text(text: str) -> str:
    """The question as it should be read aloud (captions keep the original text)."""
    for pattern, replacement in _SPOKEN:
        text = pattern.sub(replacement, text)
    return text.strip()


def cache_key(text: str, engine: str, voice: str, speed: float, audio_format: str) -> str:
    """hash(text, engine, voice, speed): the same words in the same voice are made once.
    The stored format is part of the key, since it is part of the stored object."""
    material = "\x1f".join([spoken_text(text), engine, voice, f"{speed:.2f}", audio_format])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def media_key(key: str, extension: str) -> str:
    return f"questions/{key[:2]}/{key}.{extension}"


def speaking_order(next_questions: Sequence[str], follow_ups: Sequence[str]) -> list[str]:
    """What to speak ahead, in turn: the likeliest next question, the likeliest follow-up,
    then the rest alternately; each text once. Whichever comes, the likelier it was, the
    sooner its audio is ready."""
    order: list[str] = []
    for pair in itertools.zip_longest(next_questions, follow_ups):
        order.extend(text for text in pair if text is not None)
    return list(dict.fromkeys(order))
