"""Counts of coded reports grouped by any of the aggregate dimensions.

Each report counts with the codes that speak for it (`basis`): an analyst's review
where one exists, the model's codes otherwise, and every cell says how many of its
reports came from each. Dates are the event date (``occurred_on``), or the day the
report was received when the reporter gave none. With ``factor`` among the groups a
report counts once per factor (reports without a factor under ``null``), so the cells
then add up to report-factor pairs, not reports.

Small cells: when a result spans more than one facility, every cell under
``small_cell_min`` is suppressed (count withheld), and the totals add up the shown
cells only, so no suppressed value can be recovered by subtraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    case,
    cast,
    func,
    literal_column,
    select,
    true,
)

from triage.aggregates.basis import effective_coding_id, latest_reviews
from triage.errors import InputError
from triage.store.db import Database
from triage.store.models import Coding, Facility, Report

DIMENSIONS: tuple[str, ...] = (
    "event_type",
    "event_kind",
    "harm",
    "factor",
    "facility",
    "location_type",
    "month",
)
S = TypeVar("S", bound=Select[*tuple[Any, ...]])
BASIS = (
    "each report counts with its latest analyst review where one exists, else with "
    "the model's codes; 'reviewed' and 'model' give the split of every cell"
)


@dataclass(frozen=True)
class ReportFilter:
    """Which reports: event dates from start to end (inclusive), facility codes."""

    start: date | None = None
    end: date | None = None
    facilities: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise InputError("query_invalid", "from is after to")


@dataclass(frozen=True)
class AggregateQuery:
    """What to count: grouping dimensions and a report filter."""

    group_by: tuple[str, ...]
    filter: ReportFilter = field(default_factory=ReportFilter)

    def __post_init__(self) -> None:
        unknown = [d for d in self.group_by if d not in DIMENSIONS]
        if unknown or not self.group_by:
            raise InputError(
                "group_by_invalid",
                f"group_by takes one or more of: {', '.join(DIMENSIONS)}",
            )
        if len(set(self.group_by)) != len(self.group_by):
            raise InputError("group_by_invalid", "group_by repeats a dimension")


def event_date(dialect: str) -> ColumnElement[Any]:
    """The event date: occurred_on, else the (UTC) day the report was received."""
    if dialect == "sqlite":
        received: ColumnElement[Any] = func.date(Report.created_at)
    else:
        received = cast(func.timezone(literal_column("'UTC'"), Report.created_at), Date)
    return func.coalesce(Report.occurred_on, received, type_=Date)


def _month(dialect: str, day: ColumnElement[Any]) -> ColumnElement[Any]:
    # Literal formats, not bound parameters: PostgreSQL matches a grouped expression
    # to the selected one only when both are the same text.
    if dialect == "sqlite":
        return func.strftime(literal_column("'%Y-%m'"), day)
    return func.to_char(day, literal_column("'YYYY-MM'"))


def apply_filter(q: S, flt: ReportFilter, dialect: str) -> S:
    """q (which joins Report and Facility) restricted to the filter's reports."""
    day = event_date(dialect)
    if flt.start:
        q = q.where(day >= flt.start)
    if flt.end:
        q = q.where(day <= flt.end)
    if flt.facilities:
        q = q.where(Facility.code.in_(flt.facilities))
    return q


def filtered(flt: ReportFilter, dialect: str) -> Select[Any]:
    """Reports joined to the coding that speaks for them, restricted by the filter."""
    reviews = latest_reviews()
    q: Select[Any] = (
        select()
        .select_from(Report)
        .join(Facility, Facility.id == Report.facility_id)
        .outerjoin(reviews, reviews.c.report_id == Report.id)
        .join(Coding, Coding.id == effective_coding_id(reviews))
    )
    return apply_filter(q, flt, dialect)


def _dimension(name: str, dialect: str, factor: ColumnElement[Any] | None) -> Any:
    if name == "facility":
        return Facility.code
    if name == "location_type":
        return Report.location_type
    if name == "month":
        return _month(dialect, event_date(dialect))
    if name == "factor":
        assert factor is not None
        return factor
    return getattr(Coding, name)


def count(db: Database, query: AggregateQuery, small_cell_min: int) -> dict[str, Any]:
    """Counts per cell, with where the codes came from and small-cell suppression."""
    dialect = db.engine.dialect.name
    base = filtered(query.filter, dialect)
    factor: ColumnElement[Any] | None = None
    if "factor" in query.group_by:
        fv: Any
        if dialect == "sqlite":
            fv = func.json_each(Coding.factors).table_valued("value", name="f")
        else:
            fv = (
                func.json_array_elements_text(Coding.factors)
                .table_valued("value")
                .lateral("f")
            )
        base = base.outerjoin(fv, true())
        factor = cast(fv.c.value, String)
    dims = [_dimension(d, dialect, factor).label(d) for d in query.group_by]
    reviewed = case((Coding.source == "analyst", 1), else_=0)
    # The lowest and highest facility of each cell tell, in the same query, whether
    # the result spans facilities (every report is in at least one row, so they are
    # the extremes over the filtered reports).
    grouped = base.add_columns(
        *dims,
        func.count().label("n"),
        func.sum(reviewed).label("reviewed"),
        func.min(Report.facility_id).label("facility_lo"),
        func.max(Report.facility_id).label("facility_hi"),
    ).group_by(*dims)
    with db.session() as s:
        rows = s.execute(grouped).all()
    spans = len({r.facility_lo for r in rows} | {r.facility_hi for r in rows}) > 1
    cells: list[dict[str, Any]] = []
    suppressed = 0
    totals = {"count": 0, "reviewed": 0, "model": 0}
    for row in rows:
        cell: dict[str, Any] = {d: _plain(getattr(row, d)) for d in query.group_by}
        n, rev = int(row.n), int(row.reviewed or 0)
        if spans and n < small_cell_min:
            suppressed += 1
            cell.update(count=None, reviewed=None, model=None, suppressed=True)
        else:
            cell.update(count=n, reviewed=rev, model=n - rev, suppressed=False)
            totals["count"] += n
            totals["reviewed"] += rev
            totals["model"] += n - rev
        cells.append(cell)
    cells.sort(key=lambda c: tuple(_sort_key(c[d]) for d in query.group_by))
    return {
        "group_by": list(query.group_by),
        "filters": {
            "from": query.filter.start.isoformat() if query.filter.start else None,
            "to": query.filter.end.isoformat() if query.filter.end else None,
            "facility": list(query.filter.facilities),
        },
        "basis": BASIS,
        "spans_facilities": spans,
        "small_cell_min": small_cell_min,
        "suppressed_cells": suppressed,
        "cells": cells,
        "totals": {**totals, "excludes_suppressed": suppressed > 0},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sort_key(value: Any) -> tuple[int, str]:
    return (1, "") if value is None else (0, str(value))


def parse_group_by(raw: Sequence[str]) -> tuple[str, ...]:
    """group_by values from a query string (repeated or comma-separated)."""
    out: list[str] = []
    for item in raw:
        out.extend(part.strip() for part in item.split(",") if part.strip())
    return tuple(out)
