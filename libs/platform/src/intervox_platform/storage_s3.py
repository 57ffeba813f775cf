"""S3-compatible media store: MinIO, AWS S3, Ceph, Cloudflare R2, …"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from intervox_platform.storage import MediaStoreError, check_key, content_type_for

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Absent(MediaStoreError):
    """The object does not exist (404): ``get`` and ``exists`` answer None and False."""


class S3MediaStore:
    """Objects in one bucket of an S3-compatible store, under an optional key prefix.

    boto3 is synchronous and its clients are thread-safe: each call runs in a worker
    thread. Every failure surfaces as ``MediaStoreError``, so callers answer 503 (or let
    the broker redeliver) and nothing half-written is recorded anywhere.
    """

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        prefix: str = "",
        create_bucket: bool = False,
        start_wait_s: float = 30.0,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.create_bucket = create_bucket
        self.start_wait_s = start_wait_s
        self._client: S3Client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(
                # A self-hosted endpoint (MinIO at http://minio:9000) has no per-bucket DNS.
                s3={"addressing_style": "path" if endpoint_url else "auto"},
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
            ),
        )

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    @staticmethod
    def _status(exc: ClientError) -> int | None:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return int(status) if status is not None else None

    async def _call(self, action: str, key: str, call: Callable[[], T]) -> T:
        """One S3 call in a worker thread; any failure is a ``MediaStoreError`` (``_Absent``
        when the object does not exist)."""
        try:
            return await asyncio.to_thread(call)
        except (BotoCoreError, ClientError) as exc:
            absent = isinstance(exc, ClientError) and self._status(exc) == 404
            error = _Absent if absent else MediaStoreError
            raise error(f"S3 {action} of {key!r} in bucket {self.bucket!r} failed: {exc}") from exc

    async def start(self) -> None:
        """Wait for the store (it may start after us), then check the bucket exists, or
        create it when allowed (MinIO in development)."""
        deadline = asyncio.get_running_loop().time() + self.start_wait_s
        while True:
            try:
                await asyncio.to_thread(self._client.head_bucket, Bucket=self.bucket)
                return
            except ClientError as exc:
                if self._status(exc) == 404 and self.create_bucket:
                    await asyncio.to_thread(self._client.create_bucket, Bucket=self.bucket)
                    log.info("media bucket created", extra={"bucket": self.bucket})
                    return
                if self._status(exc) == 404:
                    raise MediaStoreError(
                        f"S3 bucket {self.bucket!r} does not exist: create it, or set "
                        "S3_CREATE_BUCKET=true"
                    ) from exc
                if self._status(exc) in (401, 403):
                    raise MediaStoreError(
                        f"S3 refused access to bucket {self.bucket!r}: check "
                        "S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY"
                    ) from exc
                error: Exception = exc
            except BotoCoreError as exc:
                error = exc
            if asyncio.get_running_loop().time() >= deadline:
                raise MediaStoreError(f"S3 store not reachable: {error}") from error
            log.warning("waiting for the S3 store", extra={"error": str(error)[:200]})
            await asyncio.sleep(1.0)

    async def put(self, key: str, data: bytes) -> None:
        name, content_type = self._key(key), content_type_for(key)
        await self._call(
            "put",
            key,
            lambda: self._client.put_object(
                Bucket=self.bucket, Key=name, Body=data, ContentType=content_type
            ),
        )

    async def get(self, key: str) -> bytes | None:
        name = self._key(key)
        try:
            return await self._call(
                "get",
                key,
                lambda: self._client.get_object(Bucket=self.bucket, Key=name)["Body"].read(),
            )
        except _Absent:
            return None

    async def exists(self, key: str) -> bool:
        name = self._key(key)
        try:
            await self._call(
                "head", key, lambda: self._client.head_object(Bucket=self.bucket, Key=name)
            )
        except _Absent:
            return False
        return True
