"""The dashboard: counts over time, top factors, reviewed share, queue, agreement.

Counts come from the aggregates service with the API's small-cell suppression;
agreement from the review agreement service. Filters: facility and period (event
dates for counts, review dates for agreement).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import render_template, request
from sqlalchemy import case, func, select

from triage import taxonomy
from triage.aggregates.counts import AggregateQuery, ReportFilter, count
from triage.review.agreement import agreement
from triage.review.queue import QUEUE_STATES, as_utc
from triage.store.db import Database
from triage.store.models import Facility, Report, utcnow
from triage.web.aggregates import AGGREGATE_ROLES
from triage.web.auth import require_role
from triage.web.query import date_arg
from triage.web.runtime import runtime
from triage.web.ui import bp
from triage.web.ui.charts import horizontal_bars, stacked_bars
from triage.web.ui.queue_page import age_text

DEFAULT_MONTHS = 12
TOP_FACTORS = 10


def default_start(today: date) -> date:
    """The first day of the month DEFAULT_MONTHS - 1 months ago."""
    month = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
    return date(month // 12, month % 12 + 1, 1)


def queue_stats(db: Database, facility: str | None, now: datetime) -> dict[str, Any]:
    """How many reports wait for review and for how long (by when received)."""
    day, week = now - timedelta(days=1), now - timedelta(days=7)
    q = (
        select(
            func.count(),
            func.min(Report.created_at),
            func.sum(case((Report.created_at >= day, 1), else_=0)),
            func.sum(case((Report.created_at < week, 1), else_=0)),
        )
        .select_from(Report)
        .where(Report.review_state.in_(QUEUE_STATES))
    )
    if facility:
        q = q.join(Facility, Facility.id == Report.facility_id).where(
            Facility.code == facility
        )
    with db.session() as s:
        n, oldest, fresh, old = s.execute(q).one()
    n, fresh, old = int(n or 0), int(fresh or 0), int(old or 0)
    return {
        "size": n,
        "oldest": age_text(as_utc(oldest), now) if oldest else None,
        "under_day": fresh,
        "day_to_week": n - fresh - old,
        "over_week": old,
    }


def _window(start: date | None, end: date | None) -> tuple[datetime | None, ...]:
    return (
        datetime.combine(start, time(), tzinfo=UTC) if start else None,
        datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC) if end else None,
    )


@bp.get("/dashboard")
@require_role(*AGGREGATE_ROLES)
def dashboard() -> str:
    """Charts and figures for the chosen facility and period."""
    rt = runtime()
    tax = taxonomy.load()
    now = utcnow()
    start = date_arg("from", default_start(now.date()))
    end = date_arg("to", None)
    facility = request.args.get("facility") or None
    flt = ReportFilter(start=start, end=end, facilities=(facility,) if facility else ())
    small = rt.settings.SMALL_CELL_MIN

    def counts(*group_by: str) -> dict[str, Any]:
        return count(rt.db, AggregateQuery(group_by=group_by, filter=flt), small)

    by_type = counts("month", "event_type")
    by_harm = counts("month", "harm")
    by_factor = counts("factor")
    types = [(c, tax.label("event_type", c)) for c in tax.codes("event_type")]
    harms = [(c, tax.label("harm", c)) for c in tax.codes("harm")]
    factor_items = [
        (tax.label("factors", c["factor"]), int(c["count"]))
        for c in by_factor["cells"]
        if c["factor"] is not None and not c["suppressed"]
    ]
    factor_items = sorted(factor_items, key=lambda t: -t[1])[:TOP_FACTORS]
    # The reviewed/model split of every shown cell (withheld cells are not counted).
    share = by_type["totals"]
    window = _window(start, end)
    agree = agreement(rt.db, window[0], window[1])
    with rt.db.session() as s:
        facilities = list(s.scalars(select(Facility.code).order_by(Facility.code)))
    return render_template(
        "ui/dashboard.html",
        filters={
            "facility": facility,
            "from": start.isoformat() if start else "",
            "to": end.isoformat() if end else "",
        },
        facilities=facilities,
        type_chart=stacked_bars(by_type["cells"], "month", "event_type", types),
        harm_chart=stacked_bars(by_harm["cells"], "month", "harm", harms),
        factor_chart=horizontal_bars(factor_items),
        tables={"event_type": by_type, "harm": by_harm, "factor": by_factor},
        suppressed=sum(r["suppressed_cells"] for r in (by_type, by_harm, by_factor)),
        small_cell_min=small,
        spans=by_type["spans_facilities"],
        share=share,
        queue=queue_stats(rt.db, facility, now),
        agreement=agree,
        tax=tax,
    )
