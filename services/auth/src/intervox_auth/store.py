"""Auth persistence (schema ``auth``): users, refresh-token families, failed logins."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from intervox_platform.db import utc_datetime_field
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

SCHEMA = "auth"


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=320, sa_column_kwargs={"unique": True})
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=100)
    created_at: datetime = utc_datetime_field()


class RefreshToken(SQLModel, table=True):
    __tablename__ = "refresh_tokens"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    digest: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    family_id: uuid.UUID = Field(index=True)
    user_id: uuid.UUID = Field(index=True)
    issued_at: datetime = utc_datetime_field()
    expires_at: datetime = utc_datetime_field()
    used_at: datetime | None = utc_datetime_field(nullable=True, default=None)
    revoked_at: datetime | None = utc_datetime_field(nullable=True, default=None)


class LoginFailure(SQLModel, table=True):
    __tablename__ = "login_failures"
    __table_args__ = {"schema": SCHEMA}

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    key: str = Field(max_length=64, index=True)
    failed_at: datetime = utc_datetime_field()


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.exec(select(User).where(User.email == email))).first()


async def user_by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def refresh_token_by_digest(session: AsyncSession, digest: str) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.digest == digest).with_for_update()
    return (await session.exec(query)).first()


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.exec(
        sa.update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )


async def recent_failures(session: AsyncSession, key: str, since: datetime) -> list[datetime]:
    query = (
        select(LoginFailure.failed_at)
        .where(LoginFailure.key == key, col(LoginFailure.failed_at) >= since)
        .order_by(col(LoginFailure.failed_at))
    )
    return list((await session.exec(query)).all())


async def clear_failures(session: AsyncSession, key: str) -> None:
    await session.exec(sa.delete(LoginFailure).where(col(LoginFailure.key) == key))


async def prune_failures(session: AsyncSession, before: datetime) -> None:
    await session.exec(
        sa.delete(LoginFailure).where(col(LoginFailure.failed_at) < before - timedelta(hours=1))
    )
