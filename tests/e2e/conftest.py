"""Browser tests: the built web client (web/dist) served by the embedded app, driven by
Playwright in Debian's headless Chromium (never a downloaded browser).

The app runs as a subprocess on a free port with its own DATA_DIR; every test gets a fresh
browser context, fails on any console error or uncaught exception it did not expect, and
saves screenshots under test-artifacts/screenshots.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("INTERVOX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A microphone that exists and is allowed: Chromium's fake device (a beep) unless a test
# gives it a WAV file.
FAKE_MIC_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
PASSWORD = "Interv0x!pass"

pytestmark = pytest.mark.e2e
# The machine is small and shared: give each expectation time before calling it broken.
expect.set_options(timeout=20_000)


@dataclass
class Server:
    url: str
    log: Path

    def api(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def register(self, email: str | None = None) -> dict[str, Any]:
        email = email or f"e2e-{uuid.uuid4().hex[:10]}@example.com"
        with self.api() as http:
            response = http.post(
                "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
            )
        assert response.status_code == 201, response.text
        return dict(response.json())


# Package scope, not session: sync Playwright keeps an event loop running in this thread,
# which the async tests that run after this package must not find.
@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not (WEB_DIST / "index.html").exists():
        pytest.fail("the web client is not built: run `make web` (needs Node.js and npm)")
    data = tmp_path_factory.mktemp("e2e-data")
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "e2e-server.log"
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "WEB_DIST_DIR": str(WEB_DIST),
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        # Whisper tiny.en (shipped on PyPI like base) transcribes the spoken answers several
        # times faster than base on two cores: the voice test checks the flow, not accuracy.
        "STT_LOCAL_MODEL": "tiny.en",
    }
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL", "MEDIA_DIR"):
        env.pop(var, None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from intervox.cli import main; "
                f"sys.exit(main(['run', '--host', '127.0.0.1', '--port', '{port}']))",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"the app exited during start-up:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not become ready:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield Server(url=url, log=log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


def launch(playwright: Playwright, extra_args: list[str]) -> Browser:
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright, FAKE_MIC_ARGS)
    yield browser
    browser.close()


@dataclass
class ConsoleWatch:
    """Console errors and uncaught exceptions of every page in a context."""

    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def attach(self, page: Page) -> None:
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console.error: {message.text} ({message.location})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]


@dataclass
class Browsing:
    context: BrowserContext
    page: Page
    console: ConsoleWatch
    server: Server

    def goto(self, path: str) -> None:
        self.page.goto(self.server.url + path)

    def screenshot(self, name: str, full_page: bool = True) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    def check_accessibility(self, name: str) -> None:
        """No WCAG 2.x A/AA violation (contrast included) on the page as it is now, by
        axe-core (a dev dependency of the web client)."""
        if not self.page.evaluate("() => 'axe' in window"):
            # Evaluated through the DevTools protocol: the page's CSP (no inline scripts)
            # stays in force for the app itself.
            self.page.evaluate(AXE.read_text() + "\n;0")
        result = self.page.evaluate(
            """() => axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            })"""
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert problems == [], f"accessibility problems on {name}:\n" + "\n".join(problems)

    def sign_in_as(self, pair: dict[str, Any]) -> None:
        """Start with a session, as the app keeps it after a sign-in."""
        session = {
            "accessToken": pair["access_token"],
            "refreshToken": pair["refresh_token"],
            "expiresAt": int(time.time() * 1000) + pair["expires_in"] * 1000,
            "user": pair["user"],
        }
        self.goto("/")
        self.page.evaluate("s => localStorage.setItem('intervox.session', s)", json.dumps(session))

    def session(self) -> dict[str, Any]:
        raw = self.page.evaluate("() => localStorage.getItem('intervox.session')")
        assert raw, "not signed in"
        return dict(json.loads(raw))


def open_browsing(browser: Browser, server: Server, **context_args: Any) -> Browsing:
    context = browser.new_context(base_url=server.url, **context_args)
    context.set_default_timeout(20_000)
    console = ConsoleWatch()
    context.on("page", console.attach)
    page = context.new_page()
    return Browsing(context=context, page=page, console=console, server=server)


@pytest.fixture
def web(browser: Browser, server: Server) -> Iterator[Browsing]:
    browsing = open_browsing(browser, server)
    yield browsing
    browsing.context.close()
    assert browsing.console.unexpected() == [], "the page logged errors"


def create_interview(server: Server, token: str, question_count: int = 3) -> dict[str, Any]:
    with server.api(token) as http:
        response = http.post(
            "/api/v1/interviews",
            json={
                "role": "Backend engineer",
                "seniority": "mid",
                "topics": ["python"],
                "question_count": question_count,
            },
        )
    assert response.status_code == 201, response.text
    return dict(response.json())


def wait_for_interview(
    server: Server, token: str, interview_id: str, condition: Any, timeout: float = 30
) -> dict[str, Any]:
    """Poll the interview until condition(interview) holds."""
    deadline = time.monotonic() + timeout
    with server.api(token) as http:
        while True:
            interview = dict(http.get(f"/api/v1/interviews/{interview_id}").json())
            if condition(interview):
                return interview
            if time.monotonic() > deadline:
                raise TimeoutError(f"interview never reached the condition: {interview}")
            time.sleep(0.2)


def answer_via_api(server: Server, token: str, interview_id: str, text: str) -> str:
    """Answer the current question over HTTP; returns its id."""
    interview = wait_for_interview(
        server,
        token,
        interview_id,
        lambda i: i["current_question"] is not None and not i["awaiting_score"],
    )
    question_id = str(interview["current_question"]["question_id"])
    with server.api(token) as http:
        response = http.post(
            f"/api/v1/interviews/{interview_id}/answers",
            json={"question_id": question_id, "text": text},
        )
    assert response.status_code == 202, response.text
    return question_id


def finish_via_api(server: Server, token: str, interview_id: str) -> dict[str, Any]:
    """Answer until the interview is over, then return its report."""
    deadline = time.monotonic() + 60
    with server.api(token) as http:
        while time.monotonic() < deadline:
            interview = http.get(f"/api/v1/interviews/{interview_id}").json()
            question = interview["current_question"]
            if interview["status"] in ("completed", "abandoned"):
                report = http.get(f"/api/v1/interviews/{interview_id}/report")
                if report.status_code == 200:
                    return dict(report.json())
            elif question is not None and not interview["awaiting_score"]:
                response = http.post(
                    f"/api/v1/interviews/{interview_id}/answers",
                    json={"question_id": question["question_id"], "text": "Python is lazy."},
                )
                # 409: the interview moved on in between (e.g. it just ended); look again.
                assert response.status_code in (202, 409), response.text
            time.sleep(0.2)
    raise TimeoutError("the interview did not finish")
