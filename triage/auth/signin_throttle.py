"""Sign-in throttling: a username with too many recent failures is locked for a while.

After ``max_failures`` failed sign-ins for one username within ``window`` (counting
only failures since that username's last successful sign-in), every attempt is
refused until ``lockout`` after the failure that completed the run, the right
password included. The attempts are read from the audit log the sign-in page writes
anyway (``user.sign_in_failed`` / ``user.signed_in``), so every web process sees the
same count and a restart forgets nothing.

Refused attempts are audited as ``user.sign_in_refused`` and do not count as
failures: an attacker cannot extend a lock by hammering on it, only renew it once it
has run out. Unknown usernames lock exactly like real ones, so a lock tells nothing
about which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.store.models import AuditEvent, utcnow

SIGNED_IN = "user.signed_in"
SIGN_IN_FAILED = "user.sign_in_failed"
SIGN_IN_REFUSED = "user.sign_in_refused"
# Enough rows to find any qualifying run: while locked no failure is recorded.
_MAX_ROWS = 1000


@dataclass(frozen=True)
class SignInThrottle:
    """The lock rule: max_failures within window lock a username for lockout."""

    max_failures: int
    window: timedelta
    lockout: timedelta

    def locked_until(
        self, session: Session, username: str, now: datetime | None = None
    ) -> datetime | None:
        """When the username's lock ends, or None when it may try to sign in."""
        now = now or utcnow()
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.at)
            .where(
                AuditEvent.at >= now - self.window - self.lockout,
                AuditEvent.entity == "user",
                AuditEvent.entity_id == username,
                AuditEvent.action.in_((SIGN_IN_FAILED, SIGNED_IN)),
            )
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(_MAX_ROWS)
        )
        failures: list[datetime] = []  # newest first
        for action, at in rows:
            if action == SIGNED_IN:
                break  # a successful sign-in starts the count afresh
            failures.append(_aware(at))
        for i in range(len(failures) - self.max_failures + 1):
            newest, oldest = failures[i], failures[i + self.max_failures - 1]
            if newest - oldest <= self.window and now < newest + self.lockout:
                return newest + self.lockout
        return None


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive UTC timestamps.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
