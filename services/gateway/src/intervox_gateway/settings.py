from __future__ import annotations

import uuid
from pathlib import Path

from intervox_platform.settings import ServiceSettings
from pydantic import Field


class GatewaySettings(ServiceSettings):
    port: int = Field(default=8000, description="HTTP port.")
    auth_url: str | None = Field(
        default=None,
        description="Base URL of the auth service; the gateway proxies /api/v1/auth/* to it "
        "and reads its JWKS. Unset in embedded mode (auth runs in-process).",
    )
    replica_id: str = Field(
        default_factory=lambda: uuid.uuid4().hex[:12],
        pattern=r"^[a-zA-Z0-9_-]{1,64}$",
        description="Names this replica's relay queue; defaults to a random id.",
    )
    cors_origins: list[str] = Field(
        default=[], description="Allowed browser origins (JSON list); same-origin needs none."
    )
    max_body_bytes: int = Field(default=1_000_000, description="Largest accepted request body.")
    web_dist_dir: Path | None = Field(
        default=None, description="Built web client to serve at / (default: web/dist if present)."
    )
