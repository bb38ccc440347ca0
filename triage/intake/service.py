"""Intake: validate, de-identify, code, route and store submitted reports.

Idempotent on (facility, external_id): the same narrative again returns the stored
report; a different narrative under the same id is a conflict. Narratives are compared
through an HMAC keyed with the server secret, never through stored text. Each report
is written in one transaction with its coding, routing and audit entry, so a failure
leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage.auth.api_keys import Principal
from triage.config import Settings
from triage.errors import InputError, TriageError
from triage.pipelines.narrative_input import validate_narrative
from triage.pipelines.process import Processed, Processor
from triage.review.routing import CodeSummary, route
from triage.store.db import Database
from triage.store.models import AuditEvent, Coding, Facility, Report


class Conflict(TriageError):
    """A different narrative was already submitted under this external id."""

    http_status = 409
    default_code = "external_id_conflict"


class UnknownFacility(TriageError):
    """The facility code names no facility."""

    http_status = 404
    default_code = "facility_unknown"


CONFLICT_MESSAGE = "another narrative was submitted under this external_id"


@dataclass(frozen=True)
class Submission:
    """One report to take in (already schema-validated)."""

    external_id: str
    narrative: str
    occurred_on: date | None = None
    location_type: str | None = None
    reporter_role: str | None = None
    facility: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission: 201 created, 200 existing, or an error."""

    status: int
    report_id: str | None = None
    error: TriageError | None = None


def narrative_hmac(secret: str, facility_id: int, narrative: str) -> str:
    """Keyed hash of a narrative (bound to the facility) for idempotency checks."""
    msg = f"{facility_id}\x00{narrative}".encode()
    return hmac.new(secret.encode(), msg, hashlib.sha256).hexdigest()


def coding_row(processed: Processed, report_id: str, actor: str) -> Coding:
    """The model's coding of a report as a row."""
    c = processed.coding
    probabilities: dict[str, Any] = {
        "event_type": {
            "p": c.event_type.probability,
            "alternatives": list(c.event_type.alternatives),
            "evidence": list(c.event_type.evidence),
        },
        "event_kind": {
            "p": c.event_kind.probability,
            "alternatives": list(c.event_kind.alternatives),
            "evidence": list(c.event_kind.evidence),
        },
        "harm": {
            "p": c.harm.probability,
            "alternatives": list(c.harm.alternatives),
            "evidence": list(c.harm.evidence),
        },
        "factors": dict(c.factor_probabilities),
        "factor_evidence": {f.code: list(f.evidence) for f in c.factors},
    }
    if c.error_risk is not None:
        probabilities["error_risk"] = round(c.error_risk, 4)
    return Coding(
        report_id=report_id,
        source="model",
        model_version=c.model_version,
        event_type=c.event_type.code,
        event_kind=c.event_kind.code,
        harm=c.harm.code,
        factors=[f.code for f in c.factors],
        probabilities=probabilities,
        created_by=actor,
    )


class IntakeService:
    """Takes submissions through the pipeline into the store."""

    def __init__(self, db: Database, processor: Processor, settings: Settings):
        self.db = db
        self.processor = processor
        self.settings = settings

    def _facility_id(self, s: Session, principal: Principal, code: str | None) -> int:
        if principal.role == "submitter":
            if code is not None:
                fac = s.scalar(select(Facility).where(Facility.code == code))
                if fac is None or fac.id != principal.facility_id:
                    raise InputError(
                        "facility_mismatch",
                        "this key submits for its own facility only",
                    )
            assert principal.facility_id is not None
            return principal.facility_id
        if code is None:
            raise InputError(
                "facility_required", "name the facility code for this report"
            )
        fac = s.scalar(select(Facility).where(Facility.code == code))
        if fac is None:
            raise UnknownFacility(message="no facility with that code")
        return fac.id

    def submit(
        self,
        principal: Principal,
        items: Sequence[Submission],
        request_id: str | None = None,
    ) -> list[Outcome]:
        """Take in items; one bad item does not affect the others."""
        outcomes: list[Outcome | None] = [None] * len(items)
        prepared: list[
            tuple[int, int, str, Submission]
        ] = []  # index, facility, hmac, item
        with self.db.session() as s:
            for i, item in enumerate(items):
                try:
                    validate_narrative(
                        item.narrative, self.settings.MAX_NARRATIVE_CHARS
                    )
                    fid = self._facility_id(s, principal, item.facility)
                except TriageError as exc:
                    outcomes[i] = Outcome(exc.http_status, error=exc)
                    continue
                prepared.append(
                    (
                        i,
                        fid,
                        narrative_hmac(self.settings.SECRET_KEY, fid, item.narrative),
                        item,
                    )
                )
            keys = [(fid, item.external_id) for _, fid, _, item in prepared]
            existing = {
                (r.facility_id, r.external_id): (r.id, r.narrative_hmac)
                for r in (
                    s.scalars(
                        select(Report).where(
                            tuple_(Report.facility_id, Report.external_id).in_(keys)
                        )
                    )
                    if keys
                    else []
                )
            }
        todo: list[tuple[int, int, str, Submission]] = []
        first_in_batch: dict[tuple[int, str], tuple[int, str]] = {}
        for i, fid, mac, item in prepared:
            key = (fid, item.external_id)
            if key in existing:
                rid, stored_mac = existing[key]
                outcomes[i] = self._repeat(rid, stored_mac, mac)
            elif key in first_in_batch:
                # The same id twice in one request: the second is a retry of the first.
                j, first_mac = first_in_batch[key]
                outcomes[i] = (
                    Outcome(-j - 1)
                    if hmac.compare_digest(first_mac, mac)
                    else Outcome(
                        409,
                        error=Conflict(message=CONFLICT_MESSAGE),
                    )
                )
            else:
                first_in_batch[key] = (i, mac)
                todo.append((i, fid, mac, item))
        if todo:
            processed = self.processor.process(
                [item.narrative for _, _, _, item in todo]
            )
            for (i, fid, mac, item), p in zip(todo, processed, strict=True):
                outcomes[i] = self._store(principal, fid, mac, item, p, request_id)
        # Resolve in-batch repeats to the first item's report.
        final: list[Outcome] = []
        for o in outcomes:
            assert o is not None
            if o.status < 0:
                first = outcomes[-o.status - 1]
                assert first is not None
                final.append(
                    Outcome(200, first.report_id) if first.report_id else first
                )
            else:
                final.append(o)
        return final

    @staticmethod
    def _repeat(report_id: str, stored_mac: str, mac: str) -> Outcome:
        if hmac.compare_digest(stored_mac, mac):
            return Outcome(200, report_id)
        return Outcome(
            409,
            error=Conflict(message=CONFLICT_MESSAGE),
        )

    def _store(
        self,
        principal: Principal,
        fid: int,
        mac: str,
        item: Submission,
        p: Processed,
        request_id: str | None,
    ) -> Outcome:
        c = p.coding
        report = Report(
            facility_id=fid,
            external_id=item.external_id,
            narrative_hmac=mac,
            redacted_text=p.redaction.redacted_text,
            occurred_on=item.occurred_on,
            location_type=item.location_type,
            reporter_role=item.reporter_role,
            status="coded",
            flags=list(p.redaction.flags),
            phi_entities=[
                {
                    "type": e.type,
                    "start": e.start,
                    "end": e.end,
                    "score": round(e.score, 3),
                }
                for e in p.redaction.entities
            ],
        )
        decision = route(
            CodeSummary.from_coding(c),
            tuple(p.redaction.flags),
            self.settings.REVIEW_THRESHOLDS,
            self.settings.REVIEW_QC_RATE,
            f"{fid}:{item.external_id}",
        )
        report.review_state = "queued" if decision.queued else "none"
        report.review_reasons = list(decision.reasons)
        report.review_priority = decision.priority
        try:
            with self.db.session() as s:
                s.add(report)
                s.flush()
                coding = coding_row(p, report.id, principal.actor)
                s.add(coding)
                s.flush()
                report.current_coding_id = coding.id
                s.add(
                    AuditEvent(
                        actor=principal.actor,
                        action="report.created",
                        entity="report",
                        entity_id=report.id,
                        request_id=request_id,
                        details={
                            "model_version": c.model_version,
                            "review": list(decision.reasons),
                            "flags": list(p.redaction.flags),
                        },
                    )
                )
            return Outcome(201, report.id)
        except IntegrityError:
            # A concurrent request stored the same (facility, external_id) first.
            with self.db.session() as s:
                row = s.scalar(
                    select(Report).where(
                        Report.facility_id == fid,
                        Report.external_id == item.external_id,
                    )
                )
            if row is None:
                raise
            return self._repeat(row.id, row.narrative_hmac, mac)
