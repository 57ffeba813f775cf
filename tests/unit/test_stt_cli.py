"""``intervox-transcribe``: any audio file, transcript or JSON with timings and delivery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from intervox_audio import encode
from intervox_stt.cli import main
from intervox_stt.domain.wer import word_error_rate

from tests.support.voice import FIRST_UTTERANCE, first_utterance


def test_transcribes_a_file_to_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    audio = tmp_path / "answer.m4a"
    audio.write_bytes(encode(first_utterance(), "mp4"))
    assert (
        main([str(audio), "--prompt", "How would you make an endpoint idempotent?", "--json"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert word_error_rate(FIRST_UTTERANCE, result["text"]) <= 0.3, result["text"]
    assert result["engine"] == "faster-whisper/base"
    assert result["words"][0]["start_s"] >= 0
    assert result["delivery"]["words"] == len(result["words"])
    assert main([str(audio), "--prompt", "How would you make an endpoint idempotent?"]) == 0
    assert capsys.readouterr().out.strip() == result["text"]


def test_refuses_what_is_not_audio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "notes.webm"
    junk.write_bytes(b"these are not sounds" * 100)
    assert main([str(junk)]) == 1
    assert "notes.webm" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.wav")]) == 2
