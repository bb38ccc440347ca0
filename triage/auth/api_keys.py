"""API keys for machine clients: created once and shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.config import ROLES
from triage.errors import InputError
from triage.store.models import ApiClient, Facility, utcnow

KEY_PREFIX = "pt_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a client's name, role and (for submitters) facility."""

    client_id: int | None
    name: str
    role: str
    facility_id: int | None

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        return f"{self.role}:{self.name}"


def hash_key(key: str) -> str:
    """SHA-256 of a key: keys are 256-bit random, so a slow hash adds nothing."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_client(
    session: Session, name: str, role: str, facility_code: str | None = None
) -> tuple[ApiClient, str]:
    """Create a client; returns it and the plain key (never stored)."""
    if role not in ROLES:
        raise InputError("role_invalid", f"role must be one of {', '.join(ROLES)}")
    facility = None
    if role == "submitter":
        if not facility_code:
            raise InputError(
                "facility_required", "a submitter is bound to one facility"
            )
        facility = session.scalar(
            select(Facility).where(Facility.code == facility_code)
        )
        if facility is None:
            raise InputError("facility_unknown", "no facility with that code")
    elif facility_code:
        raise InputError(
            "facility_not_allowed", "only submitters are bound to a facility"
        )
    secret = secrets.token_urlsafe(32)
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secret}"
    client = ApiClient(
        name=name,
        role=role,
        key_prefix=prefix,
        key_hash=hash_key(key),
        facility_id=facility.id if facility else None,
    )
    session.add(client)
    session.flush()
    return client, key


def authenticate(session: Session, key: str) -> Principal | None:
    """The principal for a presented key, or None if unknown or revoked."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    parts = key[len(KEY_PREFIX) :].split("_", 1)
    if len(parts) != 2:
        return None
    candidates = session.scalars(
        select(ApiClient).where(ApiClient.key_prefix == parts[0])
    ).all()
    presented = hash_key(key)
    for client in candidates:
        if (
            hmac.compare_digest(client.key_hash, presented)
            and client.revoked_at is None
        ):
            return Principal(client.id, client.name, client.role, client.facility_id)
    return None


def revoke_client(session: Session, client_id: int) -> ApiClient:
    """Revoke a client's key (idempotent)."""
    client = session.get(ApiClient, client_id)
    if client is None:
        raise InputError("client_unknown", "no client with that id")
    if client.revoked_at is None:
        client.revoked_at = utcnow()
    return client
