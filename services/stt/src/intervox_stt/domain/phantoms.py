"""Whisper's phantom phrases: text it invents on silence, music or noise.

Whisper was trained on subtitled video, so on near-silence it tends to "hear" the credits
and sign-offs of that video ("Thanks for watching!", "Subtitles by the Amara.org
community"). Those never belong in an interview answer and are dropped wherever they
appear. A few phrases a candidate might really say ("Thank you.", "Bye.") are dropped only
when they are all the engine heard in an utterance and it was unsure of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ALWAYS = [
    r"thanks? (you )?(so much )?for (watching|listening|viewing)",
    r"thank you for your (attention|time|viewing)",
    r"(please |don'?t forget to )?(like and )?subscribe( to (my|our|the) channel)?",
    r"(see|i'?ll see) you (in the next (video|one)|next time)",
    r"let me know in the comments( below)?",
    r"(subtitles|captions|transcription|transcript|translation)s? (by|from|made by)",
    r"(transcribed|subtitled|translated|captioned) by",
    r"amara\.?org",
    r"www\.[a-z0-9-]+\.[a-z]+",
    r"copyright ",
    r"\[(blank_audio|music|silence|applause|laughter|inaudible|no speech)\]",
    r"\((upbeat |soft |dramatic )?(music|applause|laughter|silence)\)",
    r"♪+",
]
_ALWAYS_RE = re.compile(r"^\W*(" + "|".join(_ALWAYS) + r")", re.IGNORECASE)

_AMBIGUOUS = {"you", "thank you", "thanks", "bye", "bye bye", "okay", "ok", "so", "uh", "um"}
_AMBIGUOUS_MAX_CONFIDENCE = 0.6


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower())).strip()


def is_phantom(sentence: str) -> bool:
    """True for a sentence Whisper is known to invent on silence."""
    stripped = sentence.strip()
    if not stripped:
        return True
    if _ALWAYS_RE.match(stripped):
        return True
    # Nothing but symbols and punctuation ("...", "♪ ♪", "-").
    return not re.search(r"\w", stripped)


def is_doubtful_filler_only(sentences: Sequence[str], confidence: float) -> bool:
    """An utterance that is only "Thank you." / "You" heard with low confidence."""
    text = normalize(" ".join(sentences))
    return text in _AMBIGUOUS and confidence < _AMBIGUOUS_MAX_CONFIDENCE


# Whisper's favourite inventions in the silence at the end of an utterance. Said for real
# after an answer they carry nothing to score either, so they go wherever they close an
# utterance that has other words (repeated, as Whisper tends to: "I'm sorry, I'm sorry.").
_SIGN_OFFS = (
    ("thank", "you", "very", "much"),
    ("thank", "you"),
    ("im", "sorry"),
    ("you",),
    ("thanks",),
    ("bye",),
    ("sorry",),
    ("okay",),
)


def _plain(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def trailing_sign_off(words: Sequence[str]) -> int:
    """How many words at the end of an utterance are an invented sign-off ("… REST? Thank
    you.", "… side? you"): they follow a sentence's end or a comma, after other words."""
    plain = [_plain(w) for w in words]
    end = len(words)
    while True:
        for pattern in _SIGN_OFFS:
            size = len(pattern)
            if (
                end > size
                and tuple(plain[end - size : end]) == pattern
                and words[end - size - 1].rstrip().endswith((".", "?", "!", ","))
            ):
                end -= size
                break
        else:
            return len(words) - end
