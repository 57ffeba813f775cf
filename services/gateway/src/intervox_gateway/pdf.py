"""The report as a clean, printable PDF (fpdf2, core fonts)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

_REPLACEMENTS = {
    "—": "-",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "→": "->",
    "←": "<-",
    "·": "-",
    "•": "-",
    "×": "x",
    "≈": "~",
    " ": " ",
}


def _latin1(text: Any) -> str:
    """Core PDF fonts are Latin-1: map common typography, replace the rest visibly."""
    out = str(text if text is not None else "")
    for src, dst in _REPLACEMENTS.items():
        out = out.replace(src, dst)
    return out.encode("latin-1", "replace").decode("latin-1")


def _score(value: Any) -> str:
    return "-" if value is None else f"{float(value):.0f}"


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(120)
        self.cell(0, 8, f"Intervox report - page {self.page_no()}", align="C")


def render_report_pdf(report: dict[str, Any]) -> bytes:
    pdf = _Report(format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(16, 16, 16)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 14) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", size)
        pdf.set_text_color(20)
        pdf.multi_cell(width, size * 0.5, _latin1(text))
        pdf.ln(1)

    def para(text: Any, size: int = 10, colour: int = 40) -> None:
        pdf.set_font("Helvetica", size=size)
        pdf.set_text_color(colour)
        pdf.multi_cell(width, size * 0.5, _latin1(text))

    heading(f"Interview report: {report.get('role', '')}", 18)
    para(
        f"Seniority: {report.get('seniority', '')}   Type: {report.get('interview_type') or '-'}"
        f"   Questions answered: {report.get('answered', '-')} of "
        f"{report.get('question_count', '-')}"
    )
    heading(f"Overall score: {_score(report.get('overall'))} / 100", 16)
    para(
        f"Correctness {_score(report.get('correctness'))}   Completeness "
        f"{_score(report.get('completeness'))}   Clarity {_score(report.get('clarity'))}"
    )
    if report.get("trend"):
        para(f"Trend versus your previous sessions: {report['trend']}")
    if report.get("per_topic"):
        heading("By topic", 12)
        for topic, value in report["per_topic"].items():
            para(f"{topic}: {_score(value)}")
    delivery = report.get("delivery")
    if delivery:
        heading("Delivery", 12)
        para(
            f"{delivery['words_per_minute']:.0f} words per minute, "
            f"{delivery['fillers_per_minute']:.1f} filler words per minute, "
            f"{delivery['long_pauses']} long pauses (longest {delivery['longest_pause_s']:.1f} s)"
        )
    if report.get("strengths"):
        heading("Strengths", 12)
        for item in report["strengths"]:
            para(f"- {item}")
    if report.get("improvement_plan") or report.get("improvements"):
        heading("Areas to improve", 12)
        for item in report.get("improvement_plan") or []:
            para(f"- {item['text']} ({item['topic']})")
            for resource in item.get("resources", [])[:2]:
                para(f"    {resource['title']}: {resource['url']}", 9, 90)
        if not report.get("improvement_plan"):
            for item in report.get("improvements", []):
                para(f"- {item}")
    heading("Questions", 14)
    for question in report.get("questions", []):
        label = "Follow-up" if question.get("is_follow_up") else "Question"
        heading(
            f"{label} {question['question_id']} ({question['topic']}, "
            f"{question['difficulty']}): {question['text']}",
            11,
        )
        if question.get("skipped"):
            para("Skipped.", 10, 90)
            continue
        para(f"Your answer: {question.get('answer_text') or '-'}")
        para(
            f"Score {_score(question.get('overall'))} - correctness "
            f"{_score(question.get('correctness'))}, completeness "
            f"{_score(question.get('completeness'))}, clarity {_score(question.get('clarity'))}",
            10,
            20,
        )
        if question.get("feedback"):
            para(f"Feedback: {question['feedback']}")
        if question.get("key_points_missed"):
            para("Missed: " + "; ".join(question["key_points_missed"]))
        if question.get("model_answer") and not question.get("is_follow_up"):
            para(f"Model answer: {question['model_answer']}", 9, 70)
    return bytes(pdf.output())
