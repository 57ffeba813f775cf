"""Every error is JSON {code, message}; size limits and security headers apply everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from intervox_gateway.settings import GatewaySettings

from intervox.embedded import create_app


@pytest.fixture
async def client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    for var in ("DATABASE_URL", "AMQP_URL", "AUTH_URL"):
        monkeypatch.delenv(var, raising=False)
    app = create_app(GatewaySettings(data_dir=tmp_path, log_json=False, max_body_bytes=2_000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


async def test_errors_are_json_with_a_code(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    unauthenticated = await client.get("/api/v1/interviews")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["code"] == "NOT_AUTHENTICATED"
    invalid = await client.post("/api/v1/auth/register", json={"email": "x"})
    assert invalid.status_code == 422
    body = invalid.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert "password" in body["message"]


async def test_oversized_body_is_refused_with_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", json={"email": "a@b.co", "password": "x" * 5_000}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_security_headers_and_correlation_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Correlation-ID": "trace-me"})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-correlation-id"] == "trace-me"


async def test_interview_commands_validate_state(client: httpx.AsyncClient) -> None:
    registered = await client.post(
        "/api/v1/auth/register", json={"email": "v@example.com", "password": "Valid!pass1"}
    )
    token = registered.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    bad = await client.post(
        "/api/v1/interviews",
        headers=headers,
        json={"role": "Dev", "seniority": "guru", "question_count": 99},
    )
    assert bad.status_code == 422
    created = await client.post(
        "/api/v1/interviews",
        headers=headers,
        json={"role": "Dev", "seniority": "mid", "question_count": 2},
    )
    assert created.status_code == 201
    interview = created.json()
    stale = await client.post(
        f"/api/v1/interviews/{interview['id']}/answers",
        headers=headers,
        json={"question_id": "q9", "text": "An answer"},
    )
    assert stale.status_code == 409
    assert stale.json()["code"] in {"QUESTION_MISMATCH", "INTERVIEW_NOT_STARTED"}
    blank = await client.post(
        f"/api/v1/interviews/{interview['id']}/answers",
        headers=headers,
        json={"question_id": "q1", "text": "   "},
    )
    assert blank.status_code == 422
    page = await client.get("/api/v1/interviews?limit=1", headers=headers)
    assert page.json()["total"] == 1
    assert len(page.json()["items"]) == 1
    docs = await client.get("/docs")
    assert docs.status_code == 200
