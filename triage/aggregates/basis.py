"""Which coding speaks for a report: the latest analyst review, else the model's."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Subquery, func, select

from triage.store.models import Coding, Report


def latest_reviews() -> Subquery:
    """report_id -> id of its latest analyst coding (reports without one are absent)."""
    return (
        select(Coding.report_id, func.max(Coding.id).label("coding_id"))
        .where(Coding.source == "analyst")
        .group_by(Coding.report_id)
        .subquery("latest_review")
    )


def effective_coding_id(reviews: Subquery) -> ColumnElement[int]:
    """The coding that counts: the latest review if any, else the current coding.

    Explicit rather than trusting current_coding_id alone, so a later model re-code of
    a reviewed report can never displace the analyst's codes in counts or exports.
    """
    return func.coalesce(reviews.c.coding_id, Report.current_coding_id)
