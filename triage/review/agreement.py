"""Agreement over a time window: analyst vs analyst (Cohen's kappa), model vs analyst.

Inter-analyst pairs are the blind second reviews made in the window, each against the
first review it was blind to. Kappa is unweighted for event type and event kind; for
harm it is **quadratic-weighted** over the ordinal scale (no_harm < mild < moderate <
severe < death), the same weighting the model metrics use (harm_qwk), with pairs that
involve ``unknown`` left out of the weighted figure (counted in ``excluded``) and kept
in the unweighted one. Factors are multi-label: one binary kappa per factor, and their
mean.

Model-vs-analyst pairs are first reviews made in the window, each against the model
coding the analyst reviewed. Reviewed reports are mostly the ones routing found
uncertain, so that agreement understates the model's accuracy on everything it codes;
the quality-control subset (a random draw of confident reports) is reported apart for
that reason.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from sklearn.metrics import cohen_kappa_score
from sqlalchemy import ColumnElement, Row, and_, case, select, true
from sqlalchemy.orm import Session

from triage import taxonomy
from triage.review.queue import has_reason
from triage.review.routing import QUALITY_CONTROL
from triage.store.db import Database
from triage.store.models import Coding, Report

HARM_WEIGHTING = "quadratic"
SINGLE = ("event_type", "event_kind", "harm")


@dataclass(frozen=True)
class Labels:
    """One coding's codes, as compared here."""

    event_type: str
    event_kind: str
    harm: str
    factors: frozenset[str]

    @classmethod
    def of(cls, c: Coding | Row[Any]) -> Labels:
        """The codes of a coding (entity or selected row)."""
        return cls(c.event_type, c.event_kind, c.harm, frozenset(c.factors or []))


class _SharedLabels:
    """One Labels object per distinct set of codes.

    Codes repeat across thousands of codings; sharing their Labels keeps the pair
    lists from holding thousands of equal objects, which the garbage collector
    would otherwise scan again and again during a request.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[Any, ...], Labels] = {}

    def __call__(self, c: Row[Any]) -> Labels:
        key = (c.event_type, c.event_kind, c.harm, *sorted(c.factors or []))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = Labels.of(c)
        return found


def kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    labels: Sequence[Any],
    weights: str | None = None,
) -> float | None:
    """Cohen's kappa of two raters; None when undefined (no pairs, or no variation)."""
    if not a:
        return None
    if list(a) == list(b):
        # Perfect agreement; sklearn returns nan when both raters used one code only.
        return 1.0
    value = float(cohen_kappa_score(a, b, labels=list(labels), weights=weights))
    return None if math.isnan(value) else round(value, 4)


def _single_target(
    target: str, first: list[Labels], second: list[Labels]
) -> dict[str, Any]:
    tax = taxonomy.load()
    a = [getattr(x, target) for x in first]
    b = [getattr(x, target) for x in second]
    out: dict[str, Any] = {
        "n": len(a),
        "observed_agreement": round(
            sum(x == y for x, y in zip(a, b, strict=True)) / len(a), 4
        )
        if a
        else None,
        "kappa": kappa(a, b, tax.codes(target)),
    }
    if target == "harm":
        ordered = tax.ordered_harm
        pairs = [
            (x, y) for x, y in zip(a, b, strict=True) if x in ordered and y in ordered
        ]
        out["kappa_weighted"] = kappa(
            [ordered.index(x) for x, _ in pairs],
            [ordered.index(y) for _, y in pairs],
            list(range(len(ordered))),
            HARM_WEIGHTING,
        )
        out["weighting"] = HARM_WEIGHTING
        out["n_ordinal"] = len(pairs)
        out["excluded"] = len(a) - len(pairs)
    return out


def _factors(first: list[Labels], second: list[Labels]) -> dict[str, Any]:
    per: dict[str, Any] = {}
    for code in taxonomy.load().codes("factors"):
        a = [code in x.factors for x in first]
        b = [code in x.factors for x in second]
        per[code] = {
            "kappa": kappa(a, b, [False, True]),
            "first": sum(a),
            "second": sum(b),
        }
    values = [v["kappa"] for v in per.values() if v["kappa"] is not None]
    return {
        "n": len(first),
        "kappa_mean": round(sum(values) / len(values), 4) if values else None,
        "per_factor": per,
    }


def inter_rater(first: list[Labels], second: list[Labels]) -> dict[str, Any]:
    """Kappa per target between two raters' codes of the same reports."""
    out: dict[str, Any] = {t: _single_target(t, first, second) for t in SINGLE}
    out["factors"] = _factors(first, second)
    return out


def _per_class(
    codes: Sequence[str], model: list[str], analyst: list[str]
) -> dict[str, dict[str, Any]]:
    out = {}
    by_model, by_analyst = Counter(model), Counter(analyst)
    agreed = Counter(x for x, y in zip(model, analyst, strict=True) if x == y)
    for code in codes:
        m, a, both = by_model[code], by_analyst[code], agreed[code]
        out[code] = {
            "model": m,
            "analyst": a,
            "agreed": both,
            # Of the model's calls of this code, how many analysts kept; of the
            # analysts' final codes, how many the model had found.
            "precision": round(both / m, 4) if m else None,
            "recall": round(both / a, 4) if a else None,
        }
    return out


def model_vs_analyst(model: list[Labels], analyst: list[Labels]) -> dict[str, Any]:
    """How often analysts kept the model's codes, per target and per class."""
    tax = taxonomy.load()
    out: dict[str, Any] = {"n": len(model)}
    for target in SINGLE:
        m = [getattr(x, target) for x in model]
        a = [getattr(x, target) for x in analyst]
        block = _single_target(target, model, analyst)
        block["agreement"] = block.pop("observed_agreement")
        block["per_class"] = _per_class(tax.codes(target), m, a)
        out[target] = block
    per = {}
    for code in tax.codes("factors"):
        m_has = ["y" if code in x.factors else "n" for x in model]
        a_has = ["y" if code in x.factors else "n" for x in analyst]
        per[code] = _per_class(["y"], m_has, a_has)["y"]
    exact = sum(x.factors == y.factors for x, y in zip(model, analyst, strict=True))
    out["factors"] = {
        "n": len(model),
        "exact_set_agreement": round(exact / len(model), 4) if model else None,
        "per_class": per,
    }
    return out


def _window(start: datetime | None, end: datetime | None) -> list[ColumnElement[bool]]:
    """Conditions on Coding.created_at for [start, end)."""
    window: list[ColumnElement[bool]] = []
    if start is not None:
        window.append(Coding.created_at >= start)
    if end is not None:
        window.append(Coding.created_at < end)
    return window


def _codings(
    s: Session, window: list[ColumnElement[bool]]
) -> Iterator[tuple[str, list[Row[Any]]]]:
    """Every coding of the reports reviewed in the window, per report, in id order.

    Plain column rows, not Coding entities: building entities (and decoding every
    coding's probabilities) cost more than all the rest of agreement(). Streamed
    through the connection, so only one report's rows are Python objects at a time.
    """
    reviewed = select(Coding.report_id).where(Coding.source == "analyst", *window)
    in_window = case((and_(*window), True), else_=False) if window else true()
    rows = s.connection().execute(
        select(
            Coding.report_id,
            Coding.source,
            Coding.review_round,
            Coding.event_type,
            Coding.event_kind,
            Coding.harm,
            Coding.factors,
            Coding.model_version,
            in_window.label("in_window"),
        )
        .where(Coding.report_id.in_(reviewed))
        .order_by(Coding.report_id, Coding.id)
    )
    for report_id, group in groupby(rows, key=lambda r: str(r.report_id)):
        yield report_id, list(group)


def _quality_control(s: Session, window: list[ColumnElement[bool]]) -> set[str]:
    """The reports reviewed in the window that were quality-control draws."""
    reviewed = select(Coding.report_id).where(Coding.source == "analyst", *window)
    return set(
        s.scalars(
            select(Report.id).where(
                Report.id.in_(reviewed), has_reason(QUALITY_CONTROL)
            )
        )
    )


@dataclass
class _Reviews:
    """A report's reviews and the codes each was made against."""

    first: Row[Any] | None = None  # the first first-round review
    model: Row[Any] | None = None  # the model coding it reviewed (latest before it)
    second: Row[Any] | None = None  # the first blind second review
    blind_to: Row[Any] | None = None  # the first-round review it was blind to

    @classmethod
    def of(cls, codings: list[Row[Any]]) -> _Reviews:
        """One pass over a report's codings in id order."""
        out = cls()
        last_model: Row[Any] | None = None
        last_first: Row[Any] | None = None
        for c in codings:
            if c.source == "model":
                last_model = c
            elif c.source != "analyst":
                continue
            elif c.review_round == 1:
                if out.first is None:
                    out.first, out.model = c, last_model
                last_first = c
            elif c.review_round == 2 and out.second is None:
                out.second, out.blind_to = c, last_first
        return out


def agreement(
    db: Database,
    start: datetime | None = None,
    end: datetime | None = None,
    model_version: str | None = None,
) -> dict[str, Any]:
    """Analyst-analyst kappa and model-analyst agreement, reviews in [start, end)."""
    window = _window(start, end)
    first_pairs: tuple[list[Labels], list[Labels]] = ([], [])
    model_pairs: dict[str, tuple[list[Labels], list[Labels]]] = {
        "all": ([], []),
        QUALITY_CONTROL: ([], []),
    }
    versions: dict[str, int] = {}
    labels = _SharedLabels()
    with db.session() as s:
        qc = _quality_control(s, window)
        for rid, codings in _codings(s, window):
            r = _Reviews.of(codings)
            if r.second is not None and r.second.in_window and r.blind_to is not None:
                first_pairs[0].append(labels(r.blind_to))
                first_pairs[1].append(labels(r.second))
            if r.first is None or not r.first.in_window or r.model is None:
                continue
            if model_version is not None and r.model.model_version != model_version:
                continue
            key = r.model.model_version or "unknown"
            versions[key] = versions.get(key, 0) + 1
            model, analyst = labels(r.model), labels(r.first)
            for subset in ("all", QUALITY_CONTROL) if rid in qc else ("all",):
                model_pairs[subset][0].append(model)
                model_pairs[subset][1].append(analyst)
    return {
        "window": {
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
        },
        "harm_weighting": HARM_WEIGHTING,
        "inter_analyst": {"pairs": len(first_pairs[0]), **inter_rater(*first_pairs)},
        "model_vs_analyst": {
            "model_versions": versions,
            "reviewed": model_vs_analyst(*model_pairs["all"]),
            "quality_control": model_vs_analyst(*model_pairs[QUALITY_CONTROL]),
        },
    }
