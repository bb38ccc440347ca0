"""The queue page: the analyst's queue in review order, filters, one-click claims.

Reasons shown are the routing reasons an analyst can act on; quality control is
never shown (nor offered as a filter), so a QC draw looks like any other item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from triage import taxonomy
from triage.errors import TriageError
from triage.review.queue import QueueItem, ReviewQueue, as_utc
from triage.review.routing import (
    CONTRADICTION,
    LOW_CONFIDENCE,
    PHI_REVIEW,
    POSSIBLE_SEVERE_HARM,
    SEVERE_HARM,
)
from triage.store.models import Facility, utcnow
from triage.web.auth import current_principal, require_role
from triage.web.reports import codes_out
from triage.web.review import REVIEW_ROLES
from triage.web.runtime import runtime
from triage.web.ui import bp

PAGE_SIZE = 50
EXCERPT_CHARS = 160
# The queue's FILTER_REASONS: quality control is deliberately absent, analysts must
# not tell a QC draw apart.
REASON_LABELS = {
    SEVERE_HARM: "Severe harm",
    POSSIBLE_SEVERE_HARM: "Possibly severe",
    PHI_REVIEW: "PHI check",
    CONTRADICTION: "Contradiction",
    LOW_CONFIDENCE: "Low confidence",
}


def visible_reasons(reasons: list[Any] | None) -> list[str]:
    """Routing reasons an analyst sees, in routing order (never quality control)."""
    return [str(r) for r in reasons or [] if r in REASON_LABELS]


def review_queue() -> ReviewQueue:
    """The queue service with the configured claim time."""
    rt = runtime()
    return ReviewQueue(rt.db, rt.settings.REVIEW_CLAIM_MINUTES)


def age_text(then: datetime | None, now: datetime) -> str:
    """A short age: 45 min, 5 h, 3 d."""
    then = as_utc(then)
    if then is None:
        return ""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


@dataclass(frozen=True)
class Row:
    """One queue row as the template shows it."""

    id: str
    facility: str
    age: str
    reasons: list[str]
    codes: dict[str, Any] | None
    excerpt: str
    phi_check: bool
    claimed_by_me: bool
    skipped: bool


def _row(item: QueueItem, now: datetime) -> Row:
    r = item.report
    text = r.redacted_text or ""
    excerpt = text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    return Row(
        id=r.id,
        facility=item.facility,
        age=age_text(r.created_at, now),
        reasons=visible_reasons(r.review_reasons),
        codes=codes_out(item.coding),
        excerpt=excerpt,
        phi_check=PHI_REVIEW in (r.flags or []),
        claimed_by_me=item.claimed_by_me,
        skipped=item.skipped,
    )


def _choice(name: str, allowed: tuple[str, ...] | dict[str, str]) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


@bp.get("/queue")
@require_role(*REVIEW_ROLES)
def queue() -> str:
    """The caller's queue: harm first, then least confident, then oldest."""
    rt = runtime()
    tax = taxonomy.load()
    event_type = _choice("event_type", tax.codes("event_type"))
    reason = _choice("reason", REASON_LABELS)
    facility = request.args.get("facility") or None
    try:
        offset = max(0, int(request.args.get("offset", 0)))
    except ValueError:
        offset = 0
    now = utcnow()
    items, total = review_queue().page(
        current_principal().actor,
        limit=PAGE_SIZE,
        offset=offset,
        facility=facility,
        now=now,
        event_type=event_type,
        reason=reason,
    )
    with rt.db.session() as s:
        facilities = list(s.scalars(select(Facility.code).order_by(Facility.code)))
    filters = {"facility": facility, "event_type": event_type, "reason": reason}
    return render_template(
        "ui/queue.html",
        rows=[_row(i, now) for i in items],
        total=total,
        offset=offset,
        page_size=PAGE_SIZE,
        filters=filters,
        query={k: v for k, v in filters.items() if v},
        facilities=facilities,
        event_types=[(c, tax.label("event_type", c)) for c in tax.codes("event_type")],
        reason_labels=REASON_LABELS,
        tax=tax,
    )


@bp.post("/queue/<report_id>/claim")
@require_role(*REVIEW_ROLES)
def claim(report_id: str) -> Response:
    """Claim one item and open it; back to the queue if someone else has it."""
    try:
        review_queue().claim(report_id, current_principal().actor, g.get("request_id"))
    except TriageError as exc:
        if exc.http_status >= 500:
            raise
        flash(exc.message, "error")
        return redirect(url_for("ui.queue"))
    return redirect(url_for("ui.review", report_id=report_id))


def claim_next(after: str | None = None) -> Response:
    """Claim the first item of the caller's queue (other than `after`) and open it."""
    actor = current_principal().actor
    q = review_queue()
    items, _ = q.page(actor, limit=10)
    for item in items:
        if item.report.id == after:
            continue
        try:
            q.claim(item.report.id, actor, g.get("request_id"))
        except TriageError as exc:
            if exc.http_status >= 500:
                raise
            continue  # taken a moment ago: try the next one
        return redirect(url_for("ui.review", report_id=item.report.id))
    flash("Your queue is empty.", "info")
    return redirect(url_for("ui.queue"))


@bp.post("/queue/next")
@require_role(*REVIEW_ROLES)
def next_item() -> Response:
    """Move on to the next item in the queue."""
    return claim_next(request.form.get("after") or None)
