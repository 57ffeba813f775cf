"""Database engines, schema-per-service, and Alembic migrations run at start-up.

In PostgreSQL every service owns one schema (``auth``, ``gateway``, ``engine``,
``scoring``…) in one database. Models declare that schema; in SQLite (embedded mode) each
service has its own file and ``schema_translate_map`` maps the schema away.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Column, Connection, DateTime, Dialect, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlmodel.ext.asyncio.session import AsyncSession

log = logging.getLogger(__name__)


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, schema: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            connect_args={"timeout": 30},
            execution_options={"schema_translate_map": {schema: None}},
        )
        from sqlalchemy import event

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            # WAL lets the relay read the event log while a handler writes to it.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def wait_for_database(engine: AsyncEngine, timeout_s: float) -> None:
    """Retry until the database answers: containers start in any order."""
    deadline = time.monotonic() + timeout_s
    delay = 0.25
    while True:
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return
        except Exception as exc:
            if time.monotonic() >= deadline:
                raise RuntimeError(f"database not reachable after {timeout_s:.0f}s: {exc}") from exc
            log.warning("waiting for database", extra={"error": str(exc)})
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)


async def ping(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def _upgrade(connection: Connection, script_location: Path, schema: str, sqlite: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    config.attributes["schema"] = schema
    config.attributes["sqlite"] = sqlite
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine, script_location: Path, schema: str) -> None:
    """Bring the service's schema to the newest revision (idempotent, safe on every start)."""
    sqlite = is_sqlite(engine)
    async with engine.begin() as conn:
        if not sqlite:
            # Several replicas may start at once: one migrates, the others wait for the lock.
            await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": schema})
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        await conn.run_sync(_upgrade, script_location, schema, sqlite)


def run_migrations_online(target_metadata: Any = None) -> None:
    """Body of every service's ``migrations/env.py``."""
    from alembic import context

    config = context.config
    connection: Connection = config.attributes["connection"]
    schema: str = config.attributes["schema"]
    sqlite: bool = config.attributes["sqlite"]
    if sqlite:
        connection = connection.execution_options(schema_translate_map={schema: None})
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table_schema=None if sqlite else schema,
        render_as_batch=sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_datetime_field(*, nullable: bool = False, index: bool = False, default: Any = ...) -> Any:
    """A SQLModel field stored as ``UtcDateTime`` (each call makes a fresh Column)."""
    from sqlmodel import Field

    column: Column[datetime] = Column(UtcDateTime(), nullable=nullable, index=index)
    if default is ...:
        return Field(sa_column=column)
    return Field(default=default, sa_column=column)


class Database:
    """One service's database: its engine, sessions, schema and migrations."""

    def __init__(self, url: str, schema: str, migrations: Path, wait_s: float = 60.0) -> None:
        self.schema = schema
        self.migrations = migrations
        self.wait_s = wait_s
        self.engine = make_engine(url, schema)
        self.sessions = session_factory(self.engine)

    async def start(self) -> None:
        """Wait for the server, then migrate: the start-up order of every service."""
        await wait_for_database(self.engine, self.wait_s)
        await migrate(self.engine, self.migrations, self.schema)

    async def ping(self) -> bool:
        return await ping(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()


def migration_schema(schema: str) -> str | None:
    """The schema to name in a migration: none on SQLite, where each service has its own
    file (batch ALTERs there cannot go through schema_translate_map)."""
    from alembic import context

    return None if context.get_context().dialect.name == "sqlite" else schema
