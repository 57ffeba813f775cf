"""A spoken interview: Chromium's microphone is a WAV file that the TTS engine speaks in
the test. register → new interview → 3 questions answered by voice (live transcript,
scores) → report with every answer → the PDF downloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from intervox_audio import Pcm, encode

# The voice engine itself makes the candidate's voice: if it cannot be imported this test
# fails (it never skips).
from intervox_tts.providers.synthesizer import build_synthesizer
from intervox_tts.settings import TTSSettings
from playwright.sync_api import Playwright, expect

from tests.e2e.conftest import FAKE_MIC_ARGS, PASSWORD, Browsing, Server, launch, open_browsing

SPOKEN_ANSWER = "A generator produces values lazily and keeps its state."
# Records every text the live-transcript region shows, however briefly.
TRANSCRIPT_RECORDER = """
window.__transcripts = [];
new MutationObserver(() => {
  for (const node of document.querySelectorAll('[data-testid=transcript]')) {
    const text = node.textContent || '';
    if (text && window.__transcripts.at(-1) !== text) window.__transcripts.push(text);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture(scope="module")
def spoken_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The answer as a WAV file: half a second of silence, the speech, then a pause long
    enough for the utterance to end and the end-of-turn countdown to run (Chromium plays
    the file in a loop)."""
    spoken = build_synthesizer(TTSSettings()).speak(SPOKEN_ANSWER)
    rate = spoken.pcm.sample_rate
    samples = np.concatenate(
        [
            np.zeros(rate // 2, dtype=np.float32),
            np.asarray(spoken.pcm.samples, dtype=np.float32),
            np.zeros(rate * 9 // 2, dtype=np.float32),
        ]
    )
    path = tmp_path_factory.mktemp("voice") / "answer.wav"
    path.write_bytes(encode(Pcm(samples, rate), "wav"))
    return path


@pytest.fixture
def voice_web(playwright: Playwright, server: Server, spoken_answer: Path) -> Iterator[Browsing]:
    browser = launch(
        playwright, [*FAKE_MIC_ARGS, f"--use-file-for-fake-audio-capture={spoken_answer}"]
    )
    browsing = open_browsing(browser, server)
    browsing.context.add_init_script(TRANSCRIPT_RECORDER)
    browsing.context.set_default_timeout(60_000)
    yield browsing
    browsing.context.close()
    browser.close()
    assert browsing.console.unexpected() == [], "the page logged errors"


def test_voice_interview_transcript_scores_report_pdf(voice_web: Browsing) -> None:
    web, page = voice_web, voice_web.page
    web.goto("/register")
    page.get_by_label("Email").fill("voice-candidate@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile("/dashboard"))

    web.goto("/interviews/new")
    page.get_by_role("radio", name=re.compile("^Custom")).check()
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("checkbox", name="Python").check()
    expect(page.get_by_role("radio", name="Speaking")).to_be_checked()
    page.get_by_role("button", name="Check my microphone").click()
    expect(page.get_by_text("We can hear you.")).to_be_visible()
    web.screenshot("new-interview-mic-check")
    page.get_by_role("button", name=re.compile("^Start interview")).click()
    expect(page).to_have_url(re.compile(r"/interviews/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("question-text")).not_to_be_empty()

    phase = page.get_by_test_id("voice-phase")
    answered: list[str] = []
    screenshot_taken = False
    while page.locator(".done").count() == 0:
        question_id = str(page.locator(".room").get_attribute("data-question-id"))
        # The candidate speaks; the utterance ends at the pause and the countdown runs…
        expect(phase).to_contain_text(re.compile("Finishing in|Transcribing"), timeout=60_000)
        if not screenshot_taken:
            web.screenshot("room-voice")
            web.check_accessibility("room-voice")
            screenshot_taken = True
        # …and the answer is transcribed, scored, and the next question (or the end) comes.
        expect(
            page.locator(
                f'.history-list li[data-question-id="{question_id}"] [data-testid=history-score]'
            )
        ).to_be_visible(timeout=60_000)
        answered.append(question_id)
        page.wait_for_function(
            "prev => document.querySelector('.room')?.dataset.questionId !== prev"
            " || !!document.querySelector('.done')",
            arg=question_id,
        )
    assert len([q for q in answered if "-" not in q]) == 3, answered

    shown = page.evaluate("() => window.__transcripts")
    assert any("generator" in text.lower() for text in shown), shown
    web.screenshot("room-voice-complete")

    page.get_by_role("link", name="See your report").click()
    questions = page.get_by_test_id("report-question")
    expect(questions).to_have_count(len(answered))
    for i in range(len(answered)):
        expect(questions.nth(i).get_by_role("heading", name="What you said")).to_be_visible()
        expect(questions.nth(i).locator(".answer-text")).to_contain_text(
            re.compile("generator|lazily|state", re.I)
        )
    expect(page.get_by_role("heading", name=re.compile(r"\d+ spoken answers?"))).to_be_visible()
    web.screenshot("report-voice")
    web.check_accessibility("report-voice")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = Path(download.value.path())
    assert download.value.suggested_filename.endswith(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
