"""``intervox-score``: graded JSONL in, predicted score and rubric out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from intervox_scoring.cli import main, score_stream
from intervox_scoring.providers.offline import OfflineScorer

QUESTION = "What is the role of a prototype program in problem solving?"
REFERENCE = "To simulate the behaviour of portions of the desired software product."
LINES = [
    {
        "id": "good",
        "question": QUESTION,
        "reference_answer": REFERENCE,
        "answer": "A prototype simulates parts of the final software product to test ideas early.",
        "score": 5,
    },
    {
        "id": "off",
        "question": QUESTION,
        "reference_answer": REFERENCE,
        "answer": "Recursion is when a function calls itself until a base case.",
        "score": 0,
    },
]


def test_scores_each_line_and_keeps_its_fields(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps(x) for x in LINES) + '\n{"question": "q", "answer": "a"}\nnot json\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    errors = io.StringIO()
    scorer = OfflineScorer.load()
    with source.open() as src, out.open("w") as sink:
        assert score_stream(scorer, src, sink, errors) == (2, 2)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["good", "off"]
    good, off = rows
    assert 0 <= off["predicted_score"] < good["predicted_score"] <= 5
    assert good["score"] == 5  # the input's own fields come back untouched
    assert set(good["rubric"]) >= {
        "overall",
        "correctness",
        "completeness",
        "clarity",
        "key_points_covered",
        "key_points_missed",
        "feedback",
        "confidence",
        "scorer",
    }
    assert "line 3: reference_answer: Field required" in errors.getvalue()
    assert "line 4:" in errors.getvalue()


def test_missing_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--in", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(LINES[0]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    script = Path(sys.executable).with_name("intervox-score")
    result = subprocess.run(
        [str(script), "--in", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "1 scored, 0 rejected" in result.stderr
    assert 0 <= json.loads(out.read_text())["predicted_score"] <= 5
