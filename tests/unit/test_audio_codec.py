"""Decoding every container a browser or client sends, in memory, to 16 kHz mono — and
refusing what is not audio, or too long, with the right status."""

from __future__ import annotations

import io
import os

import av
import numpy as np
import pytest
from intervox_audio import (
    AudioTooLong,
    Pcm,
    UndecodableAudio,
    decode,
    encode,
    mime_type_of,
    split_at_pauses,
)


def tone(seconds: float, rate: int = 22_050, hz: float = 440.0) -> Pcm:
    t = np.arange(int(seconds * rate)) / rate
    return Pcm((0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32), rate)


@pytest.mark.parametrize(
    ("container", "mime"),
    [
        ("webm", "audio/webm;codecs=opus"),
        ("ogg", "audio/ogg;codecs=opus"),
        ("mp4", "audio/mp4"),
        ("wav", "audio/wav"),
        ("mp3", "audio/mpeg"),
    ],
)
def test_every_container_decodes_to_16k_mono(container: str, mime: str) -> None:
    source = tone(2.0)
    data = encode(source, container)
    pcm = decode(data, mime)
    assert pcm.sample_rate == 16_000
    assert pcm.samples.dtype == np.float32
    assert pcm.samples.ndim == 1
    assert abs(pcm.duration_s - 2.0) < 0.1
    # It is the same sound: a 440 Hz tone, not noise or silence.
    spectrum = np.abs(np.fft.rfft(pcm.samples))
    peak_hz = np.argmax(spectrum) * pcm.sample_rate / len(pcm.samples)
    assert abs(peak_hz - 440) < 5
    assert float(np.max(np.abs(pcm.samples))) > 0.2


def test_mediarecorder_webm_has_no_duration_and_still_decodes() -> None:
    data = encode(tone(3.0), "webm", live=True)
    with av.open(io.BytesIO(data)) as container:
        assert container.duration is None  # like MediaRecorder's output
    assert abs(decode(data, "audio/webm").duration_s - 3.0) < 0.1


def test_stereo_48k_is_mixed_down_and_resampled() -> None:
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=48_000, layout="stereo")
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 2 * 48_000), dtype=np.int16), format="s16", layout="stereo"
        )
        frame.sample_rate = 48_000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    pcm = decode(buffer.getvalue(), "audio/wav")
    assert pcm.sample_rate == 16_000
    assert abs(pcm.duration_s - 1.0) < 0.01


def test_a_wrong_mime_type_is_tolerated_when_the_bytes_are_audio() -> None:
    data = encode(tone(1.0), "ogg")
    assert abs(decode(data, "audio/webm").duration_s - 1.0) < 0.1


@pytest.mark.parametrize("mime", [None, "audio/webm", "audio/mpeg", "audio/wav", "audio/mp4"])
def test_garbage_bytes_are_415(mime: str | None) -> None:
    rng = np.random.default_rng(1)
    for size in (1, 100, 5_000, 50_000):
        with pytest.raises(UndecodableAudio) as refused:
            decode(rng.bytes(size), mime)
        assert refused.value.status == 415
        assert refused.value.code == "UNDECODABLE_AUDIO"
    with pytest.raises(UndecodableAudio):
        decode(b"", mime)
    with pytest.raises(UndecodableAudio):
        decode(b"RIFF" + os.urandom(400), mime)


def test_a_truncated_recording_keeps_what_decoded() -> None:
    data = encode(tone(3.0), "webm", live=True)
    pcm = decode(data[: len(data) * 2 // 3], "audio/webm")
    assert 1.0 < pcm.duration_s < 2.5


def test_audio_longer_than_the_limit_is_413_without_decoding_it_all() -> None:
    data = encode(Pcm(np.zeros(16_000 * 32, dtype=np.float32)), "webm", live=True)
    with pytest.raises(AudioTooLong) as refused:
        decode(data, "audio/webm", max_seconds=30)
    assert refused.value.status == 413
    assert decode(data, "audio/webm", max_seconds=None).duration_s > 31


def test_mime_types_and_round_trip_of_each_format() -> None:
    assert mime_type_of("webm").startswith("audio/webm")
    assert mime_type_of("mp3") == "audio/mpeg"
    with pytest.raises(ValueError, match="unknown container"):
        encode(tone(0.1), "flac")


def test_speech_is_cut_in_the_middle_of_pauses() -> None:
    rate = 16_000
    burst = tone(1.0, rate, 300).samples
    gap = np.zeros(int(0.4 * rate), dtype=np.float32)
    short = np.zeros(int(0.05 * rate), dtype=np.float32)  # a stop consonant, not a pause
    pcm = Pcm(np.concatenate([burst, short, burst, gap, burst, gap, burst]), rate)
    pieces = split_at_pauses(pcm, 3)
    assert len(pieces) == 3
    assert sum(len(p.samples) for p in pieces) == len(pcm.samples)
    # Each cut falls inside a 0.4 s gap, never inside the 50 ms one.
    assert abs(pieces[0].duration_s - (2.05 + 0.2)) < 0.03
    assert abs(pieces[1].duration_s - (0.2 + 1.0 + 0.2)) < 0.03
    assert len(split_at_pauses(Pcm(burst, rate), 4)) == 1  # no pause, no cut
    # A caller asking for longer pauses gets no cut at a 0.4 s gap.
    assert len(split_at_pauses(pcm, 3, min_pause_s=0.5)) == 1
