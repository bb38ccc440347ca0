"""A report's coding history as the caller may see it (blind to a pending 2nd review).

One rule for the API's history view and the review page: while a blind second review
is pending, an analyst sees the model's codings and their own reviews, never another
analyst's, so the second reviewer cannot learn the first one's codes. ML staff and
admins see everything.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage.auth.api_keys import Principal
from triage.review.queue import SECOND_REVIEW
from triage.store.models import Coding, Report


def visible_history(
    session: Session, report: Report, principal: Principal
) -> list[Coding]:
    """Every coding of the report the principal may see, oldest first."""
    codings = session.scalars(
        select(Coding).where(Coding.report_id == report.id).order_by(Coding.id.asc())
    )
    blind = report.review_state == SECOND_REVIEW and principal.role == "analyst"
    return [
        c
        for c in codings
        if not (blind and c.source == "analyst" and c.created_by != principal.actor)
    ]
