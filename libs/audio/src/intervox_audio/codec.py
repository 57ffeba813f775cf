"""Decode any recording a browser or a phone makes to 16 kHz mono, and encode PCM back to
a container, all in memory with PyAV (FFmpeg's libraries, shipped in the ``av`` wheel).

Browsers send webm/opus without a duration in the header (MediaRecorder writes a live
stream), ogg/opus (Firefox), mp4/aac (Safari); other clients send wav or mp3. Nothing here
trusts the header: the duration is what decoding yields, and decoding stops as soon as a
limit is passed, so a hostile file costs at most the limit's worth of work.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any

import av
import numpy as np
import numpy.typing as npt
from av.audio.resampler import AudioResampler

from intervox_audio.limits import MAX_SEGMENT_S

SAMPLE_RATE = 16_000
"""What speech recognition wants: 16 kHz mono float32 in [-1, 1]."""

Samples = npt.NDArray[np.float32]

# The demuxer to force for a declared MIME type. FFmpeg's probing is lenient (random bytes
# can pass for a stream of MPEG audio frames), so a declared type is honoured first.
_DEMUXERS = {
    "audio/webm": "matroska",
    "video/webm": "matroska",
    "audio/ogg": "ogg",
    "audio/opus": "ogg",
    "audio/mp4": "mp4",
    "audio/m4a": "mp4",
    "audio/x-m4a": "mp4",
    "audio/aac": "aac",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
}


class AudioError(ValueError):
    """Audio that cannot be accepted; ``status`` and ``code`` are what an API answers."""

    status = 400
    code = "INVALID_AUDIO"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UndecodableAudio(AudioError):
    status = 415
    code = "UNDECODABLE_AUDIO"


class AudioTooLong(AudioError):
    status = 413
    code = "AUDIO_TOO_LONG"


@dataclass(frozen=True)
class Pcm:
    """Mono float32 samples at ``sample_rate``."""

    samples: Samples
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate

    def slice(self, start_s: float, end_s: float) -> Pcm:
        a = max(0, int(start_s * self.sample_rate))
        b = max(a, int(end_s * self.sample_rate))
        return Pcm(self.samples[a:b], self.sample_rate)


def _base_mime(mime_type: str | None) -> str:
    return (mime_type or "").split(";", 1)[0].strip().lower()


def _open(data: bytes, mime_type: str | None) -> Any:
    demuxer = _DEMUXERS.get(_base_mime(mime_type))
    try:
        return av.open(io.BytesIO(data), mode="r", format=demuxer)
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        if demuxer is None:
            raise UndecodableAudio(f"Not a recognised audio file ({exc}).") from exc
    # The declared type was wrong (it happens: a client labels mp4 as webm). Probe, but
    # only accept what decodes to real audio below.
    try:
        return av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        raise UndecodableAudio(f"Not a recognised audio file ({exc}).") from exc


def decode(
    data: bytes,
    mime_type: str | None = None,
    *,
    max_seconds: float | None = MAX_SEGMENT_S,
    sample_rate: int = SAMPLE_RATE,
) -> Pcm:
    """Decode ``data`` to mono float32 at ``sample_rate``.

    Raises ``UndecodableAudio`` (no audio stream, not a media file, nothing decodable) or
    ``AudioTooLong`` (more than ``max_seconds`` of audio; ``None`` = no limit).
    """
    if not data:
        raise UndecodableAudio("The audio is empty.")
    container = _open(data, mime_type)
    try:
        if not container.streams.audio:
            raise UndecodableAudio("The file holds no audio stream.")
        stream = container.streams.audio[0]
        resampler = AudioResampler(format="flt", layout="mono", rate=sample_rate)
        limit = None if max_seconds is None else int(max_seconds * sample_rate)
        chunks: list[Samples] = []
        total = 0
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                    chunks.append(chunk)
                    total += len(chunk)
                if limit is not None and total > limit + sample_rate // 10:
                    raise AudioTooLong(
                        f"The audio is longer than {max_seconds:g} seconds; send shorter segments."
                    )
            for out in resampler.resample(None):
                chunk = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                chunks.append(chunk)
                total += len(chunk)
        except (av.FFmpegError, ValueError, OSError) as exc:
            # A recording cut short by a closing tab ends in half a packet: keep what
            # decoded. Garbage decodes to nothing at all and is refused below.
            if total < sample_rate // 10:
                raise UndecodableAudio(f"The audio could not be decoded ({exc}).") from exc
    finally:
        container.close()
    if total == 0:
        raise UndecodableAudio("The file holds no decodable audio.")
    samples = np.concatenate(chunks) if len(chunks) > 1 else chunks[0]
    if limit is not None and len(samples) > limit + sample_rate // 10:
        raise AudioTooLong(
            f"The audio is longer than {max_seconds:g} seconds; send shorter segments."
        )
    return Pcm(np.clip(samples, -1.0, 1.0), sample_rate)


def resample(pcm: Pcm, sample_rate: int = SAMPLE_RATE) -> Pcm:
    """The same sound at another rate (FFmpeg's resampler)."""
    if pcm.sample_rate == sample_rate:
        return pcm
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(pcm.samples, dtype=np.float32).reshape(1, -1),
        format="flt",
        layout="mono",
    )
    frame.sample_rate = pcm.sample_rate
    resampler = AudioResampler(format="flt", layout="mono", rate=sample_rate)
    pieces = [*resampler.resample(frame), *resampler.resample(None)]
    samples = np.concatenate([p.to_ndarray().reshape(-1) for p in pieces]).astype(np.float32)
    return Pcm(samples, sample_rate)


# container → (FFmpeg muxer, codec, codec rate or None for the input's, MIME type, extension)
FORMATS: dict[str, tuple[str, str, int | None, str, str]] = {
    "webm": ("webm", "libopus", 48_000, "audio/webm;codecs=opus", "webm"),
    "ogg": ("ogg", "libopus", 48_000, "audio/ogg;codecs=opus", "ogg"),
    "mp4": ("mp4", "aac", None, "audio/mp4", "m4a"),
    "mp3": ("mp3", "libmp3lame", None, "audio/mpeg", "mp3"),
    "wav": ("wav", "pcm_s16le", None, "audio/wav", "wav"),
}
_AAC_MP3_RATES = (8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000)


def mime_type_of(container: str) -> str:
    return FORMATS[container][3]


def extension_of(container: str) -> str:
    return FORMATS[container][4]


def encode(
    pcm: Pcm,
    container: str = "wav",
    *,
    bitrate: int | None = None,
    live: bool = False,
) -> bytes:
    """Encode mono PCM into ``container`` (webm, ogg, mp4, mp3, wav).

    ``live=True`` writes webm the way MediaRecorder does: no duration, no cues.
    """
    if container not in FORMATS:
        raise ValueError(f"unknown container {container!r}; one of {sorted(FORMATS)}")
    muxer, codec, codec_rate, _, _ = FORMATS[container]
    rate = codec_rate or (pcm.sample_rate if pcm.sample_rate in _AAC_MP3_RATES else 44_100)
    if codec == "pcm_s16le":
        rate = pcm.sample_rate
    buffer = io.BytesIO()
    options = {"live": "1"} if live and muxer == "webm" else {}
    with av.open(buffer, mode="w", format=muxer, options=options) as out:
        stream: Any = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if bitrate is not None:
            stream.bit_rate = bitrate
        samples = np.clip(pcm.samples, -1.0, 1.0)
        frame = av.AudioFrame.from_ndarray(
            (samples * 32767.0).astype(np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = pcm.sample_rate
        frame.pts = None
        resampler = AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=rate
        )
        for piece in (*resampler.resample(frame), *resampler.resample(None)):
            piece.pts = None
            for packet in stream.encode(piece):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def split_at_pauses(pcm: Pcm, pieces: int, min_pause_s: float = 0.16) -> list[Pcm]:
    """Cut speech into at most ``pieces`` utterances, in the middle of real pauses (at least
    ``min_pause_s`` of near-silence) closest to even intervals — what a client's VAD does
    between utterances. Fewer pieces come back when the speech has fewer pauses."""
    frame = pcm.sample_rate // 50  # 20 ms
    count = len(pcm.samples) // frame
    if count == 0 or pieces <= 1:
        return [pcm]
    rms = np.sqrt(np.mean(pcm.samples[: count * frame].reshape(count, frame) ** 2, axis=1))
    quiet = rms < max(1e-4, 0.05 * float(np.percentile(rms, 90)))
    needed = max(1, round(min_pause_s * 50))
    pauses: list[int] = []
    start: int | None = None
    for index, is_quiet in enumerate([*quiet.tolist(), False]):
        if is_quiet and start is None:
            start = index
        elif not is_quiet and start is not None:
            if index - start >= needed and start > 0 and index < count:
                pauses.append((start + index) // 2 * frame)
            start = None
    cuts = [0]
    for k in range(1, pieces):
        target = len(pcm.samples) * k // pieces
        options = [p for p in pauses if p > cuts[-1] + pcm.sample_rate // 2]
        if not options:
            break
        cuts.append(min(options, key=lambda p: abs(p - target)))
    cuts.append(len(pcm.samples))
    return [Pcm(pcm.samples[a:b], pcm.sample_rate) for a, b in itertools.pairwise(cuts)]
