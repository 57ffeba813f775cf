"""Where audio lives: question speech and answer recordings, by key.

Keys are paths like ``questions/<hash>.wav`` or
``recordings/<user>/<interview>/<answer>/0000.webm``. The gateway serves them at
``/api/v1/media/<key>`` to the users allowed to see them (objects are never public: the
gateway checks the owner, then streams the bytes). Local disk is the default
(``MEDIA_STORE=local``); any S3-compatible store — MinIO, AWS S3, Ceph, R2 — plugs in behind
the same protocol (``MEDIA_STORE=s3``), which is what several replicas on several machines
need.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from intervox_platform.settings import ServiceSettings

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,300}$")

EXTENSIONS = {
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
}


def base_mime(mime_type: str) -> str:
    """``audio/webm;codecs=opus`` → ``audio/webm``."""
    return mime_type.split(";", 1)[0].strip().lower()


def check_key(key: str) -> str:
    if not _SAFE_KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"unsafe media key: {key!r}")
    return key


class MediaStoreError(RuntimeError):
    """The store could not be reached or refused the request; nothing was written."""


class MediaStore(Protocol):
    async def start(self) -> None:
        """Check (and where allowed create) the place objects go; raises MediaStoreError."""
        ...

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes | None: ...

    async def exists(self, key: str) -> bool: ...


def content_type_for(key: str) -> str:
    guessed, _ = mimetypes.guess_type(key)
    if key.endswith(".webm"):
        return "audio/webm"
    if key.endswith(".ogg"):
        return "audio/ogg"
    return guessed or "application/octet-stream"


class LocalMediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    async def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-then-rename: a reader never sees half a file, a crash leaves no partial one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes | None:
        path = self._path(key)
        if not path.is_file():
            return None
        return await asyncio.to_thread(path.read_bytes)

    async def exists(self, key: str) -> bool:
        return self._path(key).is_file()


def create_media_store(settings: ServiceSettings) -> MediaStore:
    """The store the settings name: local disk under MEDIA_DIR, or an S3 bucket."""
    if settings.media_store == "s3":
        # Imported here: botocore is heavy, and local mode never needs it.
        from intervox_platform.storage_s3 import S3MediaStore

        return S3MediaStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            prefix=settings.s3_prefix,
            create_bucket=settings.s3_create_bucket,
        )
    return LocalMediaStore(settings.media_root())
