"""Forward /api/v1/auth/* and the JWKS to the auth service, so browsers see one origin."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Request, Response
from intervox_platform.web import ApiError

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
_PASS_BACK = ("content-type", "retry-after", "www-authenticate", "x-correlation-id")


def build_auth_proxy(auth_url: str, client: httpx.AsyncClient) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    base = auth_url.rstrip("/")

    async def forward(request: Request, path: str) -> Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        client_ip = request.client.host if request.client else ""
        prior = request.headers.get("x-forwarded-for")
        headers["x-forwarded-for"] = f"{prior}, {client_ip}" if prior else client_ip
        try:
            upstream = await client.request(
                request.method,
                f"{base}{path}",
                params=request.query_params,
                content=await request.body(),
                headers=headers,
            )
        except httpx.HTTPError as exc:
            raise ApiError(
                503, "AUTH_UNAVAILABLE", "Sign-in is unavailable right now; try again shortly."
            ) from exc
        out = {k: v for k, v in upstream.headers.items() if k.lower() in _PASS_BACK}
        return Response(upstream.content, status_code=upstream.status_code, headers=out)

    @router.api_route("/api/v1/auth/{rest:path}", methods=["GET", "POST", "DELETE"])
    async def auth_routes(request: Request, rest: str) -> Response:
        return await forward(request, f"/api/v1/auth/{rest}")

    @router.get("/.well-known/jwks.json")
    async def jwks(request: Request) -> Response:
        return await forward(request, "/.well-known/jwks.json")

    return router
