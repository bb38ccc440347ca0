"""The review page: the redacted narrative with evidence, the codes form, history.

Accepting and correcting go through the corrections service (the API's); the
history comes from the same `visible_history` as the API's history view, so a
pending blind second review hides the first analyst's codes here exactly as there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from triage import taxonomy
from triage.errors import TriageError
from triage.review.corrections import MAX_REASON_CHARS, Corrections, ReviewInput
from triage.review.history import visible_history
from triage.review.queue import (
    SECOND_REVIEW,
    as_utc,
    model_coding,
    shown_coding,
)
from triage.review.routing import PHI_REVIEW
from triage.store.models import Coding, utcnow
from triage.store.queries import report_with_facility
from triage.taxonomy import Taxonomy
from triage.web.auth import current_principal, require_role
from triage.web.reports import NotFound, codes_out
from triage.web.review import REVIEW_ROLES, coding_out
from triage.web.runtime import runtime
from triage.web.ui import bp
from triage.web.ui.highlight import matched_keys, segments
from triage.web.ui.queue_page import (
    REASON_LABELS,
    claim_next,
    review_queue,
    visible_reasons,
)

SINGLE = ("event_type", "event_kind", "harm")
TARGET_LABELS = {
    "event_type": "Event type",
    "event_kind": "Event kind",
    "harm": "Harm",
    "factors": "Contributing factors",
}
# Keys that pick a group on the review page; digits then pick within the group.
GROUP_KEYS = {"event_type": "e", "event_kind": "k", "harm": "h", "factors": "f"}


def shortcut(index: int) -> str:
    """The digit that picks the index-th option (1-9, then 0 for the tenth)."""
    return str((index + 1) % 10) if index < 10 else ""


@dataclass(frozen=True)
class EvidenceKey:
    """One predicted code whose evidence is highlighted, with its colour slot."""

    key: str
    slot: int
    target: str
    code: str
    label: str
    probability: float | None
    terms: list[str]
    found: bool


def _evidence_keys(codes: dict[str, Any] | None, tax: Taxonomy) -> list[EvidenceKey]:
    if codes is None:
        return []
    out: list[EvidenceKey] = []
    for target in SINGLE:
        pred = codes[target]
        out.append(
            EvidenceKey(
                target,
                len(out) + 1,
                target,
                pred["code"],
                tax.label(target, pred["code"]),
                pred["probability"],
                list(pred["evidence"]),
                False,
            )
        )
    for f in codes["factors"]:
        out.append(
            EvidenceKey(
                f"factor:{f['code']}",
                len(out) + 1,
                "factors",
                f["code"],
                tax.label("factors", f["code"]),
                f["probability"],
                list(f["evidence"]),
                False,
            )
        )
    return out


def _form_values(coding: Coding | None) -> dict[str, Any]:
    if coding is None:
        return {"event_type": None, "event_kind": None, "harm": None, "factors": []}
    return {
        "event_type": coding.event_type,
        "event_kind": coding.event_kind,
        "harm": coding.harm,
        "factors": list(coding.factors or []),
    }


def _posted_values() -> dict[str, Any]:
    return {
        "event_type": request.form.get("event_type") or None,
        "event_kind": request.form.get("event_kind") or None,
        "harm": request.form.get("harm") or None,
        "factors": request.form.getlist("factors"),
    }


def _render(
    report_id: str,
    values: dict[str, Any] | None = None,
    reason: str = "",
    error: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    tax = taxonomy.load()
    actor = current_principal().actor
    now = utcnow()
    with runtime().db.session() as s:
        row = report_with_facility(s, report_id)
        if row is None:
            raise NotFound(message="no such report")
        report, facility = row
        shown = shown_coding(s, report)
        model = model_coding(s, report_id)
        expires = as_utc(report.claim_expires_at)
        live_claim = report.claimed_by is not None and expires is not None
        live_claim = live_claim and expires is not None and expires > now
        claim = {
            "mine": live_claim and report.claimed_by == actor,
            "other": live_claim and report.claimed_by != actor,
            "expires": expires if live_claim and report.claimed_by == actor else None,
        }
        view = {
            "id": report.id,
            "facility": facility,
            "occurred_on": report.occurred_on,
            "location_type": report.location_type,
            "reporter_role": report.reporter_role,
            "state": report.review_state,
            "second_review": report.review_state == SECOND_REVIEW,
            "reasons": visible_reasons(report.review_reasons),
            "phi_check": PHI_REVIEW in (report.flags or []),
            "created_at": as_utc(report.created_at),
        }
        text = report.redacted_text or ""
        model_codes = codes_out(model)
        form = values or _form_values(shown)
        history = [
            coding_out(c) for c in visible_history(s, report, current_principal())
        ]
    keys = _evidence_keys(model_codes, tax)
    parts = segments(text, {k.key: k.terms for k in keys})
    found = matched_keys(parts)
    keys = [EvidenceKey(**{**k.__dict__, "found": k.key in found}) for k in keys]
    options = {
        target: [
            (code, tax.label(target, code), shortcut(i))
            for i, code in enumerate(tax.codes(target))
        ]
        for target in (*SINGLE, "factors")
    }
    return render_template(
        "ui/review.html",
        report=view,
        parts=parts,
        keys=keys,
        slot_of={k.key: k.slot for k in keys},
        label_of={k.key: f"{TARGET_LABELS[k.target]}: {k.label}" for k in keys},
        model_codes=model_codes,
        form=form,
        reason=reason,
        error=error,
        claim=claim,
        history=history,
        options=options,
        target_labels=TARGET_LABELS,
        group_keys=GROUP_KEYS,
        reason_labels=REASON_LABELS,
        max_reason=MAX_REASON_CHARS,
        tax=tax,
    ), status


@bp.get("/review/<report_id>")
@require_role(*REVIEW_ROLES)
def review(report_id: str) -> tuple[str, int]:
    """One report to review, its evidence, the pre-filled form and its history."""
    return _render(report_id)


@bp.post("/review/<report_id>")
@require_role(*REVIEW_ROLES)
def review_post(report_id: str) -> Response | tuple[str, int]:
    """Accept the shown codes or save corrected ones, with an optional reason."""
    action = request.form.get("action")
    reason = request.form.get("reason", "")
    values = _posted_values()
    if action == "accept":
        verdict = ReviewInput(accept=True, reason=reason)
    else:
        verdict = ReviewInput(
            event_type=values["event_type"],
            event_kind=values["event_kind"],
            harm=values["harm"],
            factors=values["factors"],
            reason=reason,
        )
    rt = runtime()
    try:
        result = Corrections(rt.db, rt.settings.REVIEW_SECOND_RATE).review(
            report_id, current_principal().actor, verdict, g.get("request_id")
        )
    except TriageError as exc:
        if exc.http_status >= 500 or exc.http_status == 404:
            raise
        return _render(report_id, values, reason, exc.message, exc.http_status)
    if result.changed:
        changed = ", ".join(TARGET_LABELS[t].lower() for t in result.changed)
        flash(f"Correction saved ({changed}). Press n for the next item.", "success")
    else:
        flash("Codes accepted. Press n for the next item.", "success")
    return redirect(url_for("ui.review", report_id=report_id, _anchor="history"))


@bp.post("/review/<report_id>/skip")
@require_role(*REVIEW_ROLES)
def skip(report_id: str) -> Response:
    """Pass on this report (it moves to the end of your queue) and open the next."""
    review_queue().skip(report_id, current_principal().actor, g.get("request_id"))
    flash("Skipped; it moves to the end of your queue.", "info")
    return claim_next(after=report_id)
