from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from intervox_auth.domain.hashing import hash_password, verify_password
from intervox_auth.domain.passwords import normalise_email, password_problems
from intervox_auth.domain.tokens import SigningKey, refresh_token_digest
from intervox_platform.security import TokenVerifier
from intervox_platform.web import ApiError


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("Sh0rt!", "at least 8 characters"),
        ("alllowercase1!", "an upper-case letter"),
        ("ALLUPPERCASE1!", "a lower-case letter"),
        ("NoDigitsHere!", "a digit"),
        ("NoSymbols123", "a symbol"),
    ],
)
def test_weak_passwords_say_what_they_lack(password: str, missing: str) -> None:
    assert missing in password_problems(password)


def test_strong_password_passes() -> None:
    assert password_problems("Corr3ct-horse") == []


def test_email_is_normalised_and_validated() -> None:
    assert normalise_email("  Ada.Lovelace@Example.COM ") == "ada.lovelace@example.com"
    with pytest.raises(ValueError, match="@"):
        normalise_email("not-an-email")


def test_bcrypt_cost_and_long_passwords() -> None:
    hashed = hash_password("Aa1!" + "x" * 100, rounds=12)
    assert hashed.startswith("$2b$12$")
    assert verify_password("Aa1!" + "x" * 100, hashed)
    # bcrypt alone ignores bytes past 72; the pre-hash makes every character count.
    assert not verify_password("Aa1!" + "x" * 99 + "y", hashed)


async def test_access_tokens_verify_with_the_jwks_alone() -> None:
    key = SigningKey.generate()
    user_id = uuid.uuid4()
    now = datetime.now(UTC)
    token = key.issue_access_token(user_id, "a@example.com", now, timedelta(minutes=15))
    assert jwt.get_unverified_header(token)["alg"] == "EdDSA"

    async def jwks() -> dict[str, object]:
        return key.jwks()

    claims = await TokenVerifier(jwks).verify(token)
    assert claims.user_id == user_id

    expired = key.issue_access_token(
        user_id, "a@example.com", now - timedelta(hours=1), timedelta(minutes=15)
    )
    with pytest.raises(ApiError) as error:
        await TokenVerifier(jwks).verify(expired)
    assert error.value.code == "TOKEN_EXPIRED"

    forged = SigningKey.generate().issue_access_token(
        user_id, "a@example.com", now, timedelta(minutes=15)
    )
    with pytest.raises(ApiError) as error:
        await TokenVerifier(jwks).verify(forged)
    assert error.value.code == "INVALID_TOKEN"


def test_refresh_tokens_are_stored_as_digests() -> None:
    assert len(refresh_token_digest("abc")) == 64
    assert refresh_token_digest("abc") != refresh_token_digest("abd")


def test_signing_key_persists(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "k.pem"
    first = SigningKey.load_or_create(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert SigningKey.load_or_create(path).kid == first.kid
