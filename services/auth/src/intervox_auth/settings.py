from __future__ import annotations

from pathlib import Path

from intervox_platform.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class AuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="")

    port: int = Field(default=8001, description="HTTP port.")
    auth_private_key_path: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM); unset: DATA_DIR/auth_ed25519.pem, made at start.",
    )
    access_token_ttl_s: int = Field(default=15 * 60, description="Access token lifetime.")
    refresh_token_ttl_s: int = Field(default=7 * 24 * 3600, description="Refresh lifetime.")
    bcrypt_rounds: int = Field(default=12, ge=12, le=16, description="bcrypt cost (≥ 12).")
    login_max_failures: int = Field(default=5, description="Failed logins per account+IP…")
    login_window_s: int = Field(default=15 * 60, description="…within this window, then 429.")
    trust_proxy_headers: bool = Field(
        default=False,
        description="Take the client IP from X-Forwarded-For (only behind the gateway/proxy).",
    )
    cors_origins: list[str] = Field(default=[], description="Allowed browser origins (JSON list).")

    def private_key_file(self) -> Path:
        return self.auth_private_key_path or (self.data_dir / "auth_ed25519.pem")
