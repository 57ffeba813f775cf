"""The candidate's journey in text: register → new interview → answer every question in the
room (with a reload in the middle) → report → dashboard; and sign-out/sign-in."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, Browsing

ANSWER = (
    "I would start from the requirements, pick the simplest data structure that meets them, "
    "explain the trade-offs in time and memory, and test the edge cases before optimising."
)


def current_question_id(page: Page) -> str:
    return str(page.locator(".room").get_attribute("data-question-id"))


def answer_in_text(page: Page, text: str = ANSWER) -> str:
    """Answer the open question and wait for its score and for what comes next (another
    question, a follow-up, or the end); returns the answered question's id."""
    question_id = current_question_id(page)
    box = page.get_by_label(re.compile("type your answer", re.I))
    expect(box).to_be_enabled(timeout=30_000)
    box.fill(text)
    page.get_by_role("button", name="Submit answer").click()
    expect(
        page.locator(
            f'.history-list li[data-question-id="{question_id}"] [data-testid="history-score"]'
        )
    ).to_be_visible(timeout=30_000)
    page.wait_for_function(
        "prev => document.querySelector('.room')?.dataset.questionId !== prev"
        " || !!document.querySelector('.done')",
        arg=question_id,
        timeout=30_000,
    )
    return question_id


def finished(page: Page) -> bool:
    return page.locator(".done").count() > 0


def test_register_text_interview_reload_report(web: Browsing) -> None:
    page = web.page
    email = f"journey-{web.server.url[-5:]}@example.com"

    web.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Practise interviews")
    web.screenshot("landing")
    web.check_accessibility("landing")
    page.get_by_role("link", name="Start a mock interview").click()

    expect(page).to_have_url(re.compile("/register"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("weak")
    expect(page.get_by_text("Still needs")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    expect(page.get_by_text("Meets every rule.")).to_be_visible()
    web.screenshot("register")
    web.check_accessibility("register")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile("/dashboard"))
    expect(page.get_by_role("heading", name="Your first mock interview")).to_be_visible()
    web.screenshot("dashboard-empty")
    web.check_accessibility("dashboard-empty")
    page.get_by_role("link", name="Start an interview").click()

    expect(page.get_by_role("heading", name="New interview", level=1)).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Custom")).check()
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("checkbox", name="Python").check()
    page.get_by_role("radio", name="Typing").check()
    web.screenshot("new-interview")
    web.check_accessibility("new-interview")
    page.get_by_role("button", name="Start interview").click()

    expect(page).to_have_url(re.compile(r"/interviews/[0-9a-f-]{36}$"))
    question = page.get_by_test_id("question-text")
    expect(question).not_to_be_empty(timeout=30_000)
    expect(page.get_by_test_id("progress")).to_have_text("Question 1 of 3")
    web.screenshot("room")

    answered = [answer_in_text(page)]
    web.screenshot("room-scored")
    web.check_accessibility("room-scored")

    # A reload in the middle resumes at the same question, with what was typed so far.
    in_progress = current_question_id(page)
    text_before = question.inner_text()
    page.get_by_label(re.compile("type your answer", re.I)).fill("half an answer")
    page.reload()
    expect(page.get_by_test_id("question-text")).to_have_text(text_before, timeout=30_000)
    assert current_question_id(page) == in_progress
    expect(page.get_by_label(re.compile("type your answer", re.I))).to_have_value("half an answer")
    expect(page.locator(".history-list [data-testid=history-score]")).to_have_count(1)

    # Answer until the interview ends (follow-ups, when asked, are answered too).
    while not finished(page):
        answered.append(answer_in_text(page))
    main_answers = [q for q in answered if "-" not in q]
    assert len(main_answers) == 3, answered
    web.screenshot("room-complete")

    page.get_by_role("link", name="See your report").click()
    expect(page.get_by_role("heading", name=re.compile("^Report:"))).to_be_visible()
    questions = page.get_by_test_id("report-question")
    expect(questions).to_have_count(len(answered))
    expect(questions.first.locator(".answer-text")).to_contain_text("requirements")
    expect(
        page.get_by_role("img", name=re.compile("Overall score: \\d+ out of 100"))
    ).to_be_visible()
    web.screenshot("report")
    web.check_accessibility("report")

    page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Previous sessions")).to_be_visible()
    expect(page.get_by_role("heading", name="Score trend")).to_be_visible()
    expect(page.locator(".session")).to_have_count(1)
    web.screenshot("dashboard")
    web.check_accessibility("dashboard")

    # The daily challenge is a one-question interview.
    page.get_by_role("button", name="Answer today's question").click()
    expect(page.get_by_test_id("progress")).to_have_text("Question 1 of 1")
    page.go_back()
    expect(page.get_by_role("link", name="Continue today's challenge")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(web.server.url + "/")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert page.evaluate("() => localStorage.getItem('intervox.session')") is None

    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("Wrong!pass1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    web.console.allow(r"status of 401")
    web.screenshot("login")
    web.check_accessibility("login")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/dashboard"))
