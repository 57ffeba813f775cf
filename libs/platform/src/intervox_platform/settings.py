"""Settings every service shares; each service extends ``ServiceSettings`` with its own."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Unset → the embedded defaults: SQLite files under DATA_DIR and the in-process bus.
    database_url: str | None = Field(default=None, description="PostgreSQL URL (asyncpg).")
    amqp_url: str | None = Field(default=None, description="RabbitMQ URL; unset = in-process bus.")
    bus_namespace: str = Field(
        default="intervox",
        pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$",
        description="Prefix of every exchange and queue name.",
    )
    data_dir: Path = Field(
        default=Path("./data"), description="SQLite files, generated keys, local storage."
    )
    media_dir: Path | None = Field(
        default=None,
        description="Audio files (question speech, recordings); default DATA_DIR/media.",
    )
    media_store: Literal["local", "s3"] = Field(
        default="local",
        description="Where audio is kept: 'local' (MEDIA_DIR) or 's3' (any S3-compatible "
        "store: MinIO, AWS S3, …).",
    )
    s3_endpoint_url: str | None = Field(
        default=None, description="S3 endpoint, e.g. http://minio:9000; unset = AWS S3."
    )
    s3_bucket: str = Field(default="intervox-media", description="S3 bucket of the media.")
    s3_region: str = Field(default="us-east-1", description="S3 region.")
    s3_access_key_id: str | None = Field(
        default=None, description="S3 access key; unset = the default AWS credential chain."
    )
    s3_secret_access_key: str | None = Field(default=None, description="S3 secret key.")
    s3_prefix: str = Field(default="", description="Key prefix inside the bucket.")
    s3_create_bucket: bool = Field(
        default=False, description="Create the bucket at start when it does not exist."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(default=True, description="One JSON object per log line.")
    host: str = Field(default="127.0.0.1", description="Interface the HTTP server binds.")
    port: int = Field(default=8000, description="HTTP port (health, metrics, API).")
    db_wait_seconds: float = Field(default=60.0, description="How long to wait for the database.")

    def sqlalchemy_url(self, service: str) -> str:
        """The database URL for one service: its schema in PostgreSQL, its file in SQLite."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://") or url.startswith("postgres://"):
                url = "postgresql+asyncpg://" + url.split("://", 1)[1]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{service}.db').resolve()}"

    def media_root(self) -> Path:
        return self.media_dir or (self.data_dir / "media")
