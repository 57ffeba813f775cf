"""bcrypt with a pre-hash, so passwords longer than bcrypt's 72 bytes are not truncated."""

from __future__ import annotations

import base64
import hashlib

import bcrypt


def _prehash(password: str) -> bytes:
    # base64 of SHA-256: 44 bytes, no NUL bytes, all of the password counts.
    return base64.b64encode(hashlib.sha256(password.encode()).digest())


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=rounds)).decode()


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(_prehash(password), hashed.encode())
    except ValueError:
        return False


# Compared against when the email is unknown, so a miss costs as long as a wrong password
# and response times do not reveal which accounts exist.
DUMMY_HASH = hash_password("not-a-real-password-Aa1!", rounds=12)
