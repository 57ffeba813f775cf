"""deploy/docker/migrate.py — the Kubernetes migration Job's command, one service per init
container — against a real PostgreSQL: each service's schema reaches its newest revision,
and a missing DATABASE_URL is a clear failure."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from tests.support.deploy import DEPLOY, SERVICES

pytestmark = pytest.mark.integration

MIGRATE = DEPLOY / "docker" / "migrate.py"


def _run(*modules: str, database_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(MIGRATE), *modules],
        env=env | {"LOG_JSON": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _versions(database_url: str) -> dict[str, str]:
    connection = await asyncpg.connect(database_url)
    try:
        found = {}
        for name in SERVICES:
            schema = {"interview-engine": "engine"}.get(name, name)
            row = await connection.fetchrow(
                "SELECT to_regclass($1) AS t", f"{schema}.alembic_version"
            )
            if row["t"] is not None:
                found[schema] = await connection.fetchval(
                    f'SELECT version_num FROM "{schema}".alembic_version'
                )
        return found
    finally:
        await connection.close()


async def test_migration_job_command_migrates_every_service(database_url: str) -> None:
    # One process for all six (each image runs its own in the Job): imports take seconds.
    result = _run(*(s.module for s in SERVICES.values()), database_url=database_url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.count('"message": "migrated"') == len(SERVICES)
    versions = await _versions(database_url)
    assert set(versions) == {"auth", "gateway", "engine", "scoring", "stt", "tts"}
    for name, service in SERVICES.items():
        schema = {"interview-engine": "engine"}.get(name, name)
        assert versions[schema] == _head(service.module), name


def _head(module: str) -> str:
    """The newest revision in a service's migrations folder (the one nothing revises)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    folder = Path(spec.origin).parent / "migrations" / "versions"
    revisions, parents = set(), set()
    for path in folder.glob("*.py"):
        text = path.read_text()
        revisions |= set(re.findall(r'^revision[^=]*= "([^"]+)"', text, re.M))
        parents |= set(re.findall(r'^down_revision[^=]*= "([^"]+)"', text, re.M))
    [head] = revisions - parents
    return head


def test_without_a_database_it_says_so() -> None:
    result = _run(SERVICES["auth"].module, database_url=None)
    assert result.returncode == 2
    assert "DATABASE_URL is not set" in result.stderr
