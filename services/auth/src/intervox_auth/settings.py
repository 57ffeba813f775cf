from __future__ import annotations

from pathlib import Path

from intervox_platform.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class AuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="")

    port: int = 8001
    auth_private_key_path: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM); unset: DATA_DIR/auth_ed25519.pem, made at start.",
    )
    access_token_ttl_s: int = 15 * 60
    refresh_token_ttl_s: int = 7 * 24 * 3600
    bcrypt_rounds: int = Field(default=12, ge=12, le=16)
    login_max_failures: int = 5
    login_window_s: int = 15 * 60
    trust_proxy_headers: bool = Field(
        default=False,
        description="Take the client IP from X-Forwarded-For (only behind the gateway/proxy).",
    )
    cors_origins: list[str] = []

    def private_key_file(self) -> Path:
        return self.auth_private_key_path or (self.data_dir / "auth_ed25519.pem")
