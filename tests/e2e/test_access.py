"""Reports are private; pages hold together at a phone's width."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import (
    Browsing,
    Server,
    create_interview,
    finish_via_api,
    open_browsing,
)


def test_second_user_cannot_open_first_users_report(
    web: Browsing, browser: Browser, server: Server
) -> None:
    owner = server.register()
    interview = create_interview(server, owner["access_token"], question_count=1)
    report = finish_via_api(server, owner["access_token"], interview["id"])
    first_question = report["questions"][0]["text"]

    # The owner sees it (at a phone's width)…
    phone = open_browsing(browser, server, viewport={"width": 390, "height": 844})
    try:
        phone.sign_in_as(owner)
        phone.goto(f"/interviews/{interview['id']}/report")
        expect(phone.page.get_by_role("heading", name=re.compile("^Report:"))).to_be_visible()
        expect(phone.page.get_by_text(first_question)).to_be_visible()
        width = phone.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the report scrolls sideways on a phone ({width}px)"
        phone.screenshot("report-phone")
        phone.check_accessibility("report-phone")
        phone.goto("/dashboard")
        expect(phone.page.get_by_role("heading", name="Previous sessions")).to_be_visible()
        phone.screenshot("dashboard-phone")
        assert phone.console.unexpected() == []
    finally:
        phone.context.close()

    # …someone else gets nothing of it.
    page = web.page
    web.console.allow(r"status of 404")
    web.sign_in_as(server.register())
    web.goto(f"/interviews/{interview['id']}/report")
    expect(page.get_by_role("heading", name="Report not found")).to_be_visible()
    expect(page.get_by_text(first_question)).to_have_count(0)
    web.screenshot("report-not-found")
    web.check_accessibility("report-not-found")
    web.goto(f"/interviews/{interview['id']}")
    expect(page.get_by_role("heading", name="Interview not found")).to_be_visible()
    expect(page.get_by_text(first_question)).to_have_count(0)


def test_sign_in_throttling_says_how_long_to_wait(web: Browsing, server: Server) -> None:
    account = server.register()
    page = web.page
    web.console.allow(r"status of 40[13]|status of 429")
    web.goto("/login")
    page.get_by_label("Email").fill(account["user"]["email"])
    password = page.get_by_label("Password", exact=True)
    for _ in range(5):
        password.fill("Wrong!pass1")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_contain_text("incorrect")
        expect(page.get_by_role("button", name="Sign in")).to_be_enabled()
    password.fill("Wrong!pass1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status").filter(has_text="Too many failed sign-ins")).to_contain_text(
        re.compile(r"try again in 1[45]:\d\d")
    )
    expect(page.get_by_role("button", name="Sign in")).to_be_disabled()
    web.screenshot("login-throttled")
