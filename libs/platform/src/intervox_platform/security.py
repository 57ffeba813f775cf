"""Verify access tokens with the auth service's public keys (JWKS): no shared secret."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from intervox_platform.web import ApiError

ACCESS_TOKEN_AUDIENCE = "intervox-api"
TOKEN_ISSUER = "intervox-auth"
TOKEN_ALGORITHM = "EdDSA"

JwksSource = Callable[[], Awaitable[dict[str, Any]]]


def http_jwks_source(url: str) -> JwksSource:
    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.get(url)
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            return data

    return fetch


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    email: str
    expires_at: int


class TokenVerifier:
    def __init__(self, jwks: JwksSource, refresh_interval_s: float = 30.0) -> None:
        self._jwks = jwks
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._refresh_interval_s = refresh_interval_s
        self._lock = asyncio.Lock()

    async def _key_for(self, kid: str) -> Any:
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            # An unknown kid may mean the auth service rotated its key: refetch, but not
            # more often than the refresh interval (a flood of bad tokens must not DoS auth).
            if kid not in self._keys and time.monotonic() - self._fetched_at > (
                self._refresh_interval_s if self._keys else 0
            ):
                try:
                    document = await self._jwks()
                except Exception as exc:
                    raise ApiError(
                        503, "AUTH_UNAVAILABLE", "Could not load the token signing keys."
                    ) from exc
                self._keys = {
                    k["kid"]: jwt.PyJWK(k).key for k in document.get("keys", []) if "kid" in k
                }
                self._fetched_at = time.monotonic()
        if kid not in self._keys:
            raise ApiError(401, "INVALID_TOKEN", "The access token was not issued by Intervox.")
        return self._keys[kid]

    async def verify(self, token: str) -> AccessClaims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise ApiError(401, "INVALID_TOKEN", "The access token is malformed.") from exc
        key = await self._key_for(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[TOKEN_ALGORITHM],
                audience=ACCESS_TOKEN_AUDIENCE,
                issuer=TOKEN_ISSUER,
                options={"require": ["exp", "sub", "iat"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise ApiError(
                401, "TOKEN_EXPIRED", "The access token has expired; refresh it."
            ) from exc
        except jwt.PyJWTError as exc:
            raise ApiError(401, "INVALID_TOKEN", "The access token is not valid.") from exc
        if claims.get("typ") != "access":
            raise ApiError(401, "INVALID_TOKEN", "This is not an access token.")
        return AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            email=str(claims.get("email", "")),
            expires_at=int(claims["exp"]),
        )


def bearer_token(authorization: str | None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(
            401,
            "NOT_AUTHENTICATED",
            "Send an access token: Authorization: Bearer …",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return authorization.split(" ", 1)[1].strip()
