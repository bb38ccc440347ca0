"""Encrypt raw narratives while they wait for a worker (Fernet, key from config)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from triage.errors import TriageError


class SealBroken(TriageError):
    """A sealed item cannot be opened (wrong key or tampered ciphertext)."""

    default_code = "sealed_item_unreadable"


def _fernet(key_material: str) -> Fernet:
    # Any long secret from config becomes a 32-byte Fernet key; the same secret
    # always gives the same key, so workers and web processes agree.
    digest = hashlib.sha256(("triage-narrative-v1:" + key_material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(key_material: str, item: dict[str, Any]) -> bytes:
    """Encrypt one submission (narrative and metadata) for storage."""
    return _fernet(key_material).encrypt(json.dumps(item, default=str).encode("utf-8"))


def unseal(key_material: str, token: bytes) -> dict[str, Any]:
    """Decrypt a sealed submission."""
    try:
        return json.loads(_fernet(key_material).decrypt(token))  # type: ignore[no-any-return]
    except (InvalidToken, ValueError) as exc:
        raise SealBroken(message="a queued item could not be decrypted") from exc
