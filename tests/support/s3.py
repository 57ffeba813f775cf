"""A local S3-compatible server for tests: moto's S3 over real HTTP on a free port.

Nothing is mocked inside the code under test: the media store talks S3's REST API over a
socket, exactly as it would to MinIO or AWS. The server's objects live in this process,
so a server stopped and started again on the same port still has them (an outage, not a
data loss).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from tests.support.servers import free_port

ACCESS_KEY = "intervox-test"
SECRET_KEY = "intervox-test-secret"


@dataclass
class S3Server:
    port: int = field(default_factory=free_port)
    _server: ThreadedMotoServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def env(self, bucket: str, prefix: str = "") -> dict[str, str]:
        """The settings a service needs to keep its media in this server."""
        return {
            "MEDIA_STORE": "s3",
            "S3_ENDPOINT_URL": self.url,
            "S3_BUCKET": bucket,
            "S3_PREFIX": prefix,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_CREATE_BUCKET": "true",
        }


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    server = S3Server()
    server.start()
    try:
        yield server
    finally:
        server.stop()
