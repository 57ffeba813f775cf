"""Database engines, schema-per-service, and Alembic migrations run at start-up.

In PostgreSQL every service owns one schema (``auth``, ``gateway``, ``engine``,
``scoring``…) in one database. Models declare that schema; in SQLite (embedded mode) each
service has its own file and ``schema_translate_map`` maps the schema away.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
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
