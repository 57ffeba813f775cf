"""Auth HTTP API: /api/v1/auth/* and the JWKS document.

(No `from __future__ import annotations` here: FastAPI resolves the closures' annotations.)
"""

import asyncio
import hashlib
import math
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from intervox_contracts import utc_now
from intervox_platform.security import AccessClaims, TokenVerifier, bearer_token
from intervox_platform.web import ApiError, ErrorBody
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from intervox_auth import store
from intervox_auth.domain.hashing import DUMMY_HASH, hash_password, verify_password
from intervox_auth.domain.passwords import normalise_email, password_problems
from intervox_auth.domain.tokens import SigningKey, new_refresh_token, refresh_token_digest
from intervox_auth.settings import AuthSettings


class RegisterRequest(BaseModel):
    email: str = Field(max_length=320, examples=["ada@example.com"])
    password: str = Field(max_length=256)
    display_name: str | None = Field(default=None, max_length=120)


class LoginRequest(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    display_name: str
    created_at: datetime


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_expires_in: int
    user: UserOut


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody},
    401: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
}


class AuthService:
    """The auth use cases; the router below is a thin HTTP skin over them."""

    def __init__(self, settings: AuthSettings, key: SigningKey) -> None:
        self.settings = settings
        self.key = key

    def user_out(self, user: store.User) -> UserOut:
        return UserOut(
            id=user.id, email=user.email, display_name=user.display_name, created_at=user.created_at
        )

    async def _issue(
        self, session: AsyncSession, user: store.User, family: uuid.UUID | None = None
    ) -> TokenPair:
        now = utc_now()
        refresh = new_refresh_token()
        session.add(
            store.RefreshToken(
                digest=refresh_token_digest(refresh),
                family_id=family or uuid.uuid4(),
                user_id=user.id,
                issued_at=now,
                expires_at=now + timedelta(seconds=self.settings.refresh_token_ttl_s),
            )
        )
        access = self.key.issue_access_token(
            user.id, user.email, now, timedelta(seconds=self.settings.access_token_ttl_s)
        )
        return TokenPair(
            access_token=access,
            refresh_token=refresh,
            expires_in=self.settings.access_token_ttl_s,
            refresh_expires_in=self.settings.refresh_token_ttl_s,
            user=self.user_out(user),
        )

    async def register(self, session: AsyncSession, body: RegisterRequest) -> TokenPair:
        try:
            email = normalise_email(body.email)
        except ValueError as exc:
            raise ApiError(422, "INVALID_EMAIL", f"That email address is not valid: {exc}") from exc
        problems = password_problems(body.password)
        if problems:
            raise ApiError(422, "WEAK_PASSWORD", "The password needs " + ", ".join(problems) + ".")
        if await store.user_by_email(session, email) is not None:
            raise ApiError(409, "EMAIL_EXISTS", "An account with this email already exists.")
        password_hash = await asyncio.to_thread(
            hash_password, body.password, self.settings.bcrypt_rounds
        )
        user = store.User(
            email=email,
            password_hash=password_hash,
            created_at=utc_now(),
            display_name=(body.display_name or email.split("@")[0]).strip(),
        )
        session.add(user)
        await session.flush()
        return await self._issue(session, user)

    def _failure_key(self, email: str, ip: str) -> str:
        return hashlib.sha256(f"{email}|{ip}".encode()).hexdigest()

    async def login(self, session: AsyncSession, body: LoginRequest, ip: str) -> TokenPair:
        try:
            email = normalise_email(body.email)
        except ValueError:
            email = body.email.strip().lower()
        now = utc_now()
        window = timedelta(seconds=self.settings.login_window_s)
        key = self._failure_key(email, ip)
        failures = await store.recent_failures(session, key, now - window)
        if len(failures) >= self.settings.login_max_failures:
            retry_after = max(1, math.ceil((failures[0] + window - now).total_seconds()))
            raise ApiError(
                429,
                "TOO_MANY_ATTEMPTS",
                f"Too many failed sign-ins. Try again in {math.ceil(retry_after / 60)} minute(s).",
                headers={"Retry-After": str(retry_after)},
            )
        user = await store.user_by_email(session, email)
        ok = await asyncio.to_thread(
            verify_password, body.password, user.password_hash if user else DUMMY_HASH
        )
        if user is None or not ok:
            session.add(store.LoginFailure(key=key, failed_at=now))
            await store.prune_failures(session, now - window)
            raise ApiError(401, "INVALID_CREDENTIALS", "The email or password is incorrect.")
        await store.clear_failures(session, key)
        return await self._issue(session, user)

    async def refresh(self, session: AsyncSession, token: str) -> TokenPair:
        now = utc_now()
        row = await store.refresh_token_by_digest(session, refresh_token_digest(token))
        if row is None:
            raise ApiError(401, "INVALID_REFRESH_TOKEN", "The refresh token is not valid.")
        if row.revoked_at is not None:
            raise ApiError(401, "REFRESH_TOKEN_REVOKED", "This session was signed out.")
        if row.used_at is not None:
            # A rotated token came back: someone holds a stolen copy. End the whole family.
            await store.revoke_family(session, row.family_id, now)
            raise ApiError(
                401, "REFRESH_TOKEN_REUSED", "This refresh token was already used; sign in again."
            )
        if row.expires_at <= now:
            raise ApiError(401, "TOKEN_EXPIRED", "The session has expired; sign in again.")
        user = await store.user_by_id(session, row.user_id)
        if user is None:
            raise ApiError(401, "INVALID_REFRESH_TOKEN", "The account no longer exists.")
        row.used_at = now
        session.add(row)
        return await self._issue(session, user, family=row.family_id)

    async def logout(self, session: AsyncSession, token: str) -> None:
        row = await store.refresh_token_by_digest(session, refresh_token_digest(token))
        if row is not None:
            await store.revoke_family(session, row.family_id, utc_now())


def client_ip(request: Request, trust_proxy_headers: bool) -> str:
    if trust_proxy_headers:
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.client.host if request.client else "unknown"


def build_router(
    service: AuthService,
    verifier: TokenVerifier,
    make_session: async_sessionmaker[AsyncSession],
) -> APIRouter:
    router = APIRouter(responses=ERRORS)

    async def session_dep() -> AsyncIterator[AsyncSession]:
        async with make_session() as session, session.begin():
            yield session

    Session = Annotated[AsyncSession, Depends(session_dep)]

    async def current_user(
        authorization: Annotated[str | None, Header()] = None,
    ) -> AccessClaims:
        return await verifier.verify(bearer_token(authorization))

    @router.post(
        "/api/v1/auth/register",
        response_model=TokenPair,
        status_code=201,
        tags=["auth"],
        summary="Create an account and sign in",
    )
    async def register(body: RegisterRequest, session: Session) -> TokenPair:
        return await service.register(session, body)

    @router.post(
        "/api/v1/auth/login",
        response_model=TokenPair,
        tags=["auth"],
        summary="Sign in with email and password",
    )
    async def login(body: LoginRequest, request: Request) -> TokenPair:
        # Its own transaction, committed even when the login fails: the failure must count.
        async with make_session() as session:
            try:
                result: TokenPair = await service.login(
                    session, body, client_ip(request, service.settings.trust_proxy_headers)
                )
            except ApiError:
                await session.commit()
                raise
            await session.commit()
            return result

    @router.post(
        "/api/v1/auth/refresh",
        response_model=TokenPair,
        tags=["auth"],
        summary="Exchange a refresh token for a new pair (rotation)",
    )
    async def refresh(body: RefreshRequest) -> TokenPair:
        async with make_session() as session:
            try:
                result: TokenPair = await service.refresh(session, body.refresh_token)
            except ApiError:
                await session.commit()  # keep the family revocation on reuse
                raise
            await session.commit()
            return result

    @router.post(
        "/api/v1/auth/logout",
        status_code=204,
        tags=["auth"],
        summary="Revoke the refresh token's session",
    )
    async def logout(body: RefreshRequest, session: Session) -> Response:
        await service.logout(session, body.refresh_token)
        return Response(status_code=204)

    @router.get(
        "/api/v1/auth/me", response_model=UserOut, tags=["auth"], summary="The signed-in user"
    )
    async def me(
        claims: Annotated[AccessClaims, Depends(current_user)], session: Session
    ) -> UserOut:
        user = await store.user_by_id(session, claims.user_id)
        if user is None:
            raise ApiError(401, "INVALID_TOKEN", "The account no longer exists.")
        return service.user_out(user)

    @router.get("/.well-known/jwks.json", tags=["auth"], summary="Public keys for access tokens")
    async def jwks() -> dict[str, object]:
        return service.key.jwks()

    return router
