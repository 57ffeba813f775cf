"""Password policy and email normalisation: pure rules, unit-tested."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

MIN_LENGTH = 8
MAX_LENGTH = 128  # bcrypt reads 72 bytes; longer inputs are pre-hashed, see hashing.py


def normalise_email(raw: str) -> str:
    """Trim and lower-case, after checking the address is well formed (no DNS look-up)."""
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return result.normalized.lower()


def password_problems(password: str) -> list[str]:
    """What a password lacks; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"at most {MAX_LENGTH} characters")
    if not re.search(r"[a-z]", password):
        problems.append("a lower-case letter")
    if not re.search(r"[A-Z]", password):
        problems.append("an upper-case letter")
    if not re.search(r"\d", password):
        problems.append("a digit")
    if not re.search(r"[^A-Za-z0-9]", password):
        problems.append("a symbol")
    return problems
