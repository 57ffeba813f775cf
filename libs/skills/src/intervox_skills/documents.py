"""Text out of an uploaded resume: PDF, DOCX or plain text."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

_DOCX_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocumentError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def document_kind(filename: str, content_type: str, data: bytes) -> str:
    """Decide by content first (magic bytes), then by name; browsers lie about types."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK") and (filename.lower().endswith(".docx") or "word" in content_type):
        return "docx"
    if filename.lower().endswith((".txt", ".md")) or content_type.startswith("text/"):
        return "txt"
    raise DocumentError("UNSUPPORTED_DOCUMENT", "Upload a PDF, DOCX or TXT file.")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages[:30])
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError("UNREADABLE_DOCUMENT", f"The PDF could not be read: {exc}") from exc


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DocumentError("UNREADABLE_DOCUMENT", "The DOCX file could not be read.") from exc
    root = ElementTree.fromstring(xml)  # noqa: S314 - zip member of a size-capped upload
    paragraphs = []
    for paragraph in root.iter(f"{_DOCX_NS}p"):
        paragraphs.append("".join(t.text or "" for t in paragraph.iter(f"{_DOCX_NS}t")))
    return "\n".join(paragraphs)


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8", "utf-16", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("UNREADABLE_DOCUMENT", "The text file's encoding is not supported.")


def extract_text(filename: str, content_type: str, data: bytes) -> str:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError("DOCUMENT_TOO_LARGE", "A resume is at most 5 MB.")
    if not data:
        raise DocumentError("EMPTY_DOCUMENT", "The file is empty.")
    kind = document_kind(filename, content_type, data)
    text = {"pdf": _pdf_text, "docx": _docx_text, "txt": _plain_text}[kind](data)
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        raise DocumentError(
            "NO_TEXT_IN_DOCUMENT", "No text could be read from the file (is it a scanned image?)."
        )
    return text[:50_000]
