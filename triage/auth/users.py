"""People who sign in to the web interface: create, authenticate, load, disable."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.auth.api_keys import Principal
from triage.auth.passwords import hash_password, verify_password
from triage.errors import InputError
from triage.store.models import User, utcnow

# Submitters are machines (API keys bound to a facility); people review and govern.
USER_ROLES = ("analyst", "ml", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def principal_of(user: User) -> Principal:
    """How the permission checks and the audit log see a signed-in person."""
    return Principal(
        client_id=None, name=user.username, role=user.role, facility_id=None
    )


def create_user(session: Session, username: str, password: str, role: str) -> User:
    """Add a user with a hashed password; InputError for a bad or taken username."""
    if role not in USER_ROLES:
        raise InputError("role_invalid", f"role must be one of {', '.join(USER_ROLES)}")
    if not USERNAME.match(username):
        raise InputError(
            "username_invalid",
            "a username is 2-64 characters: lower-case letters, digits, . _ -",
        )
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError("username_taken", "that username is already in use")
    user = User(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with these credentials, or None (same cost either way)."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled_at is not None:
        return None
    return user


def load_active(session: Session, user_id: int) -> User | None:
    """The user behind a session, or None once disabled or deleted."""
    user = session.get(User, user_id)
    if user is None or user.disabled_at is not None:
        return None
    return user


def disable_user(session: Session, username: str) -> User:
    """Disable a user (idempotent): their sessions end on their next request."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise InputError("user_unknown", "no user with that username")
    if user.disabled_at is None:
        user.disabled_at = utcnow()
    return user


def session_stamp(user: User) -> str:
    """A fingerprint of the user's password hash: a password change ends sessions."""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]
