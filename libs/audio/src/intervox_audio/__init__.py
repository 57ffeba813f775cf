"""Audio in memory: decode any browser recording to 16 kHz mono, encode, check limits."""

from intervox_audio.codec import (
    FORMATS,
    SAMPLE_RATE,
    AudioError,
    AudioTooLong,
    Pcm,
    UndecodableAudio,
    decode,
    encode,
    extension_of,
    mime_type_of,
    resample,
    split_at_pauses,
)
from intervox_audio.limits import MAX_ANSWER_BYTES, MAX_ANSWER_S, MAX_SEGMENT_S

__all__ = [
    "FORMATS",
    "MAX_ANSWER_BYTES",
    "MAX_ANSWER_S",
    "MAX_SEGMENT_S",
    "SAMPLE_RATE",
    "AudioError",
    "AudioTooLong",
    "Pcm",
    "UndecodableAudio",
    "decode",
    "encode",
    "extension_of",
    "mime_type_of",
    "resample",
    "split_at_pauses",
]
