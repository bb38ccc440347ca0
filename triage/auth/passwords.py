"""Password hashing for people who sign in (werkzeug's salted scrypt)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from triage.errors import InputError

MIN_LENGTH = 12
MAX_LENGTH = 256
METHOD = "scrypt"
# Checked when the username is unknown, so a miss costs as much as a wrong password
# and response times do not reveal which usernames exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password-" + "x" * 12, method=METHOD)


def check_policy(password: str) -> None:
    """Raise InputError unless the password is long enough (and not absurdly long)."""
    if len(password) < MIN_LENGTH:
        raise InputError(
            "password_too_short", f"a password has at least {MIN_LENGTH} characters"
        )
    if len(password) > MAX_LENGTH:
        raise InputError(
            "password_too_long", f"a password has at most {MAX_LENGTH} characters"
        )


def hash_password(password: str) -> str:
    """A salted scrypt hash of a password that meets the policy."""
    check_policy(password)
    return generate_password_hash(password, method=METHOD)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether password matches stored_hash; None (no such user) costs the same."""
    if len(password) > MAX_LENGTH:
        return False
    if stored_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(stored_hash, password)
