"""Signing keys, access tokens (EdDSA JWT) and opaque refresh tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from intervox_platform.security import ACCESS_TOKEN_AUDIENCE, TOKEN_ALGORITHM, TOKEN_ISSUER


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{path} is not an Ed25519 private key")
            return cls(key)
        created = cls.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = created.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        tmp.replace(path)
        return created

    def public_jwk(self) -> dict[str, str]:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
        # RFC 7638 thumbprint as the key id: stable, derived, nothing to configure.
        thumbprint = hashlib.sha256(
            json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
        ).digest()
        return {**jwk, "kid": _b64url(thumbprint), "use": "sig", "alg": TOKEN_ALGORITHM}

    @property
    def kid(self) -> str:
        return self.public_jwk()["kid"]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk()]}

    def issue_access_token(
        self, user_id: uuid.UUID, email: str, now: datetime, ttl: timedelta
    ) -> str:
        claims = {
            "sub": str(user_id),
            "email": email,
            "typ": "access",
            "iss": TOKEN_ISSUER,
            "aud": ACCESS_TOKEN_AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + ttl).timestamp()),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(
            claims, self.private_key, algorithm=TOKEN_ALGORITHM, headers={"kid": self.kid}
        )


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def refresh_token_digest(token: str) -> str:
    """Only digests are stored: a leaked table does not leak usable tokens."""
    return hashlib.sha256(token.encode()).hexdigest()
