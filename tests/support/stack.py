"""Every Intervox service as its own OS process, on real RabbitMQ and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg

from tests.support.servers import ServiceProcess, free_port


class Stack:
    def __init__(self, amqp_url: str, database_url: str, namespace: str, tmp: Path) -> None:
        env = {
            "DATABASE_URL": database_url,
            "AMQP_URL": amqp_url,
            "BUS_NAMESPACE": namespace,
            "DATA_DIR": str(tmp),
            "LOG_JSON": "true",
        }
        self.database_url = database_url
        self.amqp_url = amqp_url
        self.namespace = namespace
        self.auth = ServiceProcess(
            "auth", "intervox_auth.main", env | {"TRUST_PROXY_HEADERS": "true"}, free_port(), tmp
        )
        gateway_env = env | {"AUTH_URL": self.auth.url}
        self.gateway_a = ServiceProcess(
            "gateway-a",
            "intervox_gateway.main",
            gateway_env | {"REPLICA_ID": "a"},
            free_port(),
            tmp,
        )
        self.gateway_b = ServiceProcess(
            "gateway-b",
            "intervox_gateway.main",
            gateway_env | {"REPLICA_ID": "b"},
            free_port(),
            tmp,
        )
        # Idle interviews are looked for every second, so the timeout test need not wait.
        self.engine = ServiceProcess(
            "engine",
            "intervox_engine.main",
            env | {"EXPIRY_CHECK_INTERVAL_S": "1"},
            free_port(),
            tmp,
        )
        self.scoring = ServiceProcess("scoring", "intervox_scoring.main", env, free_port(), tmp)

    @property
    def all(self) -> list[ServiceProcess]:
        return [self.auth, self.engine, self.scoring, self.gateway_a, self.gateway_b]

    async def sql(self, query: str, *args: Any) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.database_url)
        try:
            return list(await connection.fetch(query, *args))
        finally:
            await connection.close()
