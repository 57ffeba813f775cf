"""Migrate one service's PostgreSQL schema and exit: the Kubernetes migration Job's command.

Every service also migrates itself on start (under a PostgreSQL advisory lock, so replicas
can start together); running the new version's migrations as a Job *before* rolling its
Deployments is what keeps an upgrade zero-downtime: the old pods keep serving on an
already-expanded schema while the new ones start without waiting on DDL.

Usage (inside a service image, which copies this file to /app/migrate.py)::

    DATABASE_URL=postgresql://… python /app/migrate.py intervox_auth.main [more modules…]

A module is a service's wiring module; it names its ``MIGRATIONS`` folder and its
``SCHEMA``. Several modules (where one environment holds several services, as in the
tests) are migrated one after the other.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from pathlib import Path

from intervox_platform.db import Database
from intervox_platform.logging import configure_logging
from intervox_platform.settings import ServiceSettings

log = logging.getLogger("intervox.migrate")


async def migrate(module_name: str, settings: ServiceSettings) -> None:
    module = importlib.import_module(module_name)
    migrations = getattr(module, "MIGRATIONS", None)
    schema = getattr(module, "SCHEMA", None)
    if not isinstance(migrations, Path) or not isinstance(schema, str):
        raise SystemExit(f"{module_name} defines no MIGRATIONS folder and SCHEMA name")
    database = Database(
        settings.sqlalchemy_url(schema), schema, migrations, settings.db_wait_seconds
    )
    try:
        await database.start()
    finally:
        await database.close()
    log.info("migrated", extra={"schema": schema, "service_module": module_name})


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: migrate.py <service module, e.g. intervox_auth.main>…", file=sys.stderr)
        return 2
    settings = ServiceSettings()
    if not settings.database_url:
        # Without it the services fall back to SQLite files: never what a Job means.
        print("migrate.py: DATABASE_URL is not set: nothing to migrate", file=sys.stderr)
        return 2
    configure_logging("migrate", settings.log_level, settings.log_json)
    for module in argv:
        asyncio.run(migrate(module, settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
