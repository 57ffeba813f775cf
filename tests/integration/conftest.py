"""Real RabbitMQ and PostgreSQL for integration tests.

Each test session gets its own PostgreSQL database and its own bus namespace (exchanges and
queues prefixed with it), so runs never see each other's data; both are removed at the end.
Set INTERVOX_TEST_AMQP_URL / INTERVOX_TEST_POSTGRES_URL to use other servers; with neither
set and nothing listening locally, testcontainers starts them where Docker is available.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

import aio_pika
import asyncpg
import pytest
from intervox_contracts import Topology

from tests.support.servers import running
from tests.support.stack import Stack


def _listening(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class Infra:
    amqp_url: str
    postgres_admin_url: str


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    amqp = os.environ.get("INTERVOX_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    postgres = os.environ.get(
        "INTERVOX_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    containers = []
    if not _listening(amqp, 5672):
        from testcontainers.rabbitmq import RabbitMqContainer

        rabbit = RabbitMqContainer("rabbitmq:3.13-management").start()
        containers.append(rabbit)
        amqp = (
            f"amqp://guest:guest@{rabbit.get_container_host_ip()}:{rabbit.get_exposed_port(5672)}/"
        )
    if not _listening(postgres, 5432):
        from testcontainers.postgres import PostgresContainer

        pg = PostgresContainer("postgres:16").start()
        containers.append(pg)
        postgres = pg.get_connection_url().replace("+psycopg2", "")
    try:
        yield Infra(amqp_url=amqp, postgres_admin_url=postgres)
    finally:
        for container in containers:
            container.stop()


@contextlib.asynccontextmanager
async def fresh_database(infra: Infra) -> AsyncIterator[str]:
    name = f"intervox_it_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(infra.postgres_admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parsed = urlparse(infra.postgres_admin_url)
    try:
        yield parsed._replace(path=f"/{name}").geturl()
    finally:
        admin = await asyncpg.connect(infra.postgres_admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.fixture(scope="module")
async def database_url(infra: Infra) -> AsyncIterator[str]:
    async with fresh_database(infra) as url:
        yield url


@pytest.fixture(scope="module")
async def bus_namespace(infra: Infra) -> AsyncIterator[str]:
    namespace = f"it{uuid.uuid4().hex[:10]}"
    yield namespace
    await delete_topology(infra.amqp_url, namespace)


@pytest.fixture(scope="session")
async def stack(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """auth, engine, scoring and two gateway replicas as separate processes, shared by the
    integration tests of a session (each test uses its own users and interviews)."""
    namespace = f"it{uuid.uuid4().hex[:10]}"
    async with fresh_database(infra) as url:
        services = Stack(infra.amqp_url, url, namespace, tmp_path_factory.mktemp("stack"))
        try:
            with running(*services.all):
                yield services
        finally:
            await delete_topology(infra.amqp_url, namespace)


async def delete_topology(amqp_url: str, namespace: str) -> None:
    topology = Topology(namespace)
    connection = await aio_pika.connect(amqp_url)
    try:
        for queue in topology.work_queues():
            for name in (queue.name, queue.dead_letter_queue):
                channel = await connection.channel()
                with contextlib.suppress(Exception):
                    await channel.queue_delete(name)
        for exchange in topology.exchanges():
            channel = await connection.channel()
            with contextlib.suppress(Exception):
                await channel.exchange_delete(exchange.name)
    finally:
        await connection.close()


async def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await predicate()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(interval)
