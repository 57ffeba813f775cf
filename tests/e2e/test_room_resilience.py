"""The interview room when things go wrong: no microphone permission, a network drop."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, expect

from tests.e2e.conftest import (
    Browsing,
    Server,
    answer_via_api,
    create_interview,
    launch,
    open_browsing,
    wait_for_interview,
)


@pytest.fixture
def no_mic_web(playwright: Playwright, server: Server) -> Iterator[Browsing]:
    """A browser whose microphone permission is refused (no auto-accepting fake UI)."""
    browser: Browser = launch(playwright, ["--use-fake-device-for-media-stream"])
    browsing = open_browsing(browser, server)
    yield browsing
    browsing.context.close()
    browser.close()
    assert browsing.console.unexpected() == [], "the page logged errors"


def test_mic_denied_offers_text_mode(no_mic_web: Browsing) -> None:
    web, page = no_mic_web, no_mic_web.page
    pair = web.server.register()
    web.sign_in_as(pair)

    # The microphone check on the form says so and switches to typing.
    web.goto("/interviews/new")
    expect(page.get_by_role("radio", name="Speaking")).to_be_checked()
    page.get_by_role("button", name="Check my microphone").click()
    expect(page.get_by_text("Microphone access is blocked")).to_be_visible()
    expect(page.get_by_role("radio", name="Typing")).to_be_checked()

    # The room, opened for a spoken interview, explains and takes a typed answer instead.
    page.evaluate("() => localStorage.setItem('intervox.answerMode', 'voice')")
    interview = create_interview(web.server, pair["access_token"])
    web.goto(f"/interviews/{interview['id']}")
    expect(page.get_by_test_id("question-text")).not_to_be_empty(timeout=30_000)
    expect(page.get_by_text("Microphone access is blocked")).to_be_visible()
    expect(page.get_by_role("button", name="Try the microphone again")).to_be_visible()
    box = page.get_by_label("Type your answer")
    expect(box).to_be_enabled()
    web.screenshot("room-mic-denied")
    web.check_accessibility("room-mic-denied")
    # With the keyboard alone: Tab to the answer box, type, Ctrl+Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.tagName") == "TEXTAREA":
            break
    expect(box).to_be_focused()
    page.keyboard.type("Generators produce values lazily with yield, keeping their state.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-testid=history-score]")).to_have_count(1, timeout=30_000)

    # Ending early: a confirmation, then the report of what was answered.
    page.get_by_role("button", name="End interview").click()
    page.get_by_role("group", name="End the interview?").get_by_role(
        "button", name="End interview"
    ).click()
    expect(page.get_by_role("heading", name="Interview ended")).to_be_visible()
    page.get_by_role("link", name="See your report").click()
    expect(page.get_by_role("heading", name=re.compile("^Report:"))).to_be_visible()
    expect(page.get_by_text("Ended early")).to_be_visible()


def test_network_drop_reconnects_without_losing_events(web: Browsing) -> None:
    page = web.page
    pair = web.server.register()
    token = pair["access_token"]
    web.sign_in_as(pair)
    page.evaluate("() => localStorage.setItem('intervox.answerMode', 'text')")
    interview = create_interview(web.server, token)
    web.goto(f"/interviews/{interview['id']}")
    expect(page.get_by_test_id("question-text")).not_to_be_empty(timeout=30_000)
    connection = page.locator(".connection")
    expect(connection).to_have_attribute("data-status", "live")
    first = str(page.locator(".room").get_attribute("data-question-id"))

    web.context.set_offline(True)
    expect(connection).to_have_attribute("data-status", "offline")
    # While the browser is away, the interview moves on (an answer from another device).
    answered = answer_via_api(web.server, token, interview["id"], "Answered while offline.")
    assert answered == first
    moved = wait_for_interview(
        web.server,
        token,
        interview["id"],
        lambda i: (
            i["current_question"] is not None and i["current_question"]["question_id"] != first
        ),
    )
    page.wait_for_timeout(1500)  # a few seconds without network
    web.screenshot("room-offline")
    assert page.locator(".room").get_attribute("data-question-id") == first

    web.context.set_offline(False)
    expect(connection).to_have_attribute("data-status", "live", timeout=20_000)
    room = page.locator(".room")
    expect(room).to_have_attribute(
        "data-question-id", moved["current_question"]["question_id"], timeout=20_000
    )
    # Every event the server numbered reached the page, once: the room's last seq is the
    # interview's, and the missed score is shown exactly once.
    latest = wait_for_interview(web.server, token, interview["id"], lambda i: True)
    expect(room).to_have_attribute("data-last-seq", str(latest["last_seq"]))
    expect(
        page.locator(f'.history-list li[data-question-id="{first}"] [data-testid=history-score]')
    ).to_have_count(1)
    expect(page.get_by_test_id("question-text")).to_have_text(moved["current_question"]["text"])
    expect(page.get_by_label(re.compile("type your answer", re.I))).to_be_enabled()

    # Pause and resume come back to the same question; skip moves on.
    current = moved["current_question"]["question_id"]
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("heading", name="Paused")).to_be_visible()
    page.get_by_role("button", name="Resume interview").click()
    expect(room).to_have_attribute("data-question-id", current)
    expect(page.get_by_test_id("question-text")).to_have_text(moved["current_question"]["text"])
    page.get_by_role("button", name="Skip question").click()
    expect(page.locator(f'.history-list li[data-question-id="{current}"]')).to_contain_text(
        "Skipped"
    )
