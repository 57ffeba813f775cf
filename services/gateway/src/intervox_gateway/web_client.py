"""Serve the built single-page web client at / (files from web/dist)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse, Response

REPO_WEB_DIST = Path(__file__).resolve().parents[4] / "web" / "dist"


def web_client_router(dist: Path | None) -> APIRouter:
    root = (dist or REPO_WEB_DIST).resolve()
    router = APIRouter(include_in_schema=False)

    @router.get("/{path:path}")
    async def client(path: str) -> Response:
        if path.startswith(("api/", "docs", "openapi.json", "healthz", "readyz", "metrics")):
            return JSONResponse({"code": "NOT_FOUND", "message": "Not found."}, status_code=404)
        index = root / "index.html"
        if not index.exists():
            return JSONResponse(
                {
                    "code": "WEB_CLIENT_NOT_BUILT",
                    "message": "The web client is not built; the API is at /api/v1 (see /docs).",
                },
                status_code=404,
            )
        candidate = (root / path).resolve()
        if path and candidate.is_file() and root in candidate.parents:
            # Vite fingerprints asset names, so they may be cached for good.
            immutable = "/assets/" in f"/{path}"
            headers = {"Cache-Control": "public, max-age=31536000, immutable"} if immutable else {}
            return FileResponse(candidate, headers=headers)
        # Client-side routes (/interviews/…) all get the app shell.
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    return router
