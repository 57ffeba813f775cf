"""Skill extraction from job descriptions and resumes (real sample files made here)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from intervox_skills import extract_skills, load_topics
from intervox_skills.catalog import load_taxonomy
from intervox_skills.documents import DocumentError, extract_text

ROOT = Path(__file__).resolve().parents[2]

JD = """Senior Backend Engineer. You will build services in Python (FastAPI) running on k8s,
backed by Postgres and Redis, with Kafka for events. Experience with Terraform and
Prometheus is a plus. You mentor junior engineers."""


def test_taxonomy_is_large_consistent_and_unambiguous() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.skills) >= 200
    aliases = [a for s in taxonomy.skills for a in s.aliases]
    assert len(aliases) == len(set(aliases)), "an alias may name only one skill"
    bank_topics = {
        p.stem
        for p in (ROOT / "services/interview-engine/src/intervox_engine/bank/questions").glob(
            "*.json"
        )
    }
    assert {t.id for t in load_topics()} == bank_topics


def test_aliases_map_to_canonical_skills_with_evidence() -> None:
    report = extract_skills(JD)
    found = {s.skill: s for s in report.skills}
    assert found["kubernetes"].name == "Kubernetes"
    assert "k8s" in found["kubernetes"].evidence
    assert found["postgresql"].topic == "sql-databases"
    assert "kafka" in found
    assert report.topics[0] in {
        "python",
        "backend-frameworks",
        "containers-kubernetes",
        "sql-databases",
        "nosql-caching",
    }
    assert "messaging-streaming" in report.topics


def test_no_false_positives_on_ordinary_words() -> None:
    report = extract_skills("I like to go for a walk and spring into action at the office.")
    assert report.skills == []


def _docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


RESUME = (
    "Ada Lovelace\nBuilt data pipelines with Apache Spark and Airflow.\nGolang services on AWS."
)


@pytest.mark.parametrize(
    ("name", "content_type", "make"),
    [
        ("cv.pdf", "application/pdf", _pdf),
        (
            "cv.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _docx,
        ),
        ("cv.txt", "text/plain", lambda t: t.encode()),
    ],
)
def test_resume_text_from_every_supported_format(name: str, content_type: str, make) -> None:  # type: ignore[no-untyped-def]
    text = extract_text(name, content_type, make(RESUME))
    report = extract_skills(text)
    assert {"apache-spark", "airflow", "go", "aws"} <= {s.skill for s in report.skills}
    assert report.topics[0] == "data-engineering"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.png", b"\x89PNG\r\n", "UNSUPPORTED_DOCUMENT"),
        ("cv.pdf", b"%PDF-garbage", "UNREADABLE_DOCUMENT"),
        ("cv.txt", b"", "EMPTY_DOCUMENT"),
        ("cv.txt", b"x" * (5 * 1024 * 1024 + 1), "DOCUMENT_TOO_LARGE"),
    ],
)
def test_bad_documents_get_clear_codes(name: str, data: bytes, code: str) -> None:
    with pytest.raises(DocumentError) as error:
        extract_text(name, "application/octet-stream", data)
    assert error.value.code == code


def test_topics_file_is_valid_json() -> None:
    assert json.loads((ROOT / "libs/skills/src/intervox_skills/topics.json").read_text())
