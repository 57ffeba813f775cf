"""The web client's API types are generated from the gateway's OpenAPI document, committed
as web/src/api/openapi.json (the TypeScript side is checked by `npm test`)."""

from __future__ import annotations

import json

import httpx

from tests.e2e.conftest import ROOT, Server


def test_committed_openapi_document_is_current(server: Server) -> None:
    committed = json.loads((ROOT / "web" / "src" / "api" / "openapi.json").read_text())
    served = httpx.get(f"{server.url}/openapi.json", timeout=10).json()
    assert committed == served, (
        "web/src/api/openapi.json is stale: run `make web-types` and commit the result"
    )
