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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sklearn.metrics import cohen_kappa_score
from sqlalchemy import select

from triage import taxonomy
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
    def of(cls, c: Coding) -> Labels:
        """The codes of a coding row."""
        return cls(c.event_type, c.event_kind, c.harm, frozenset(c.factors or []))


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
    for code in codes:
        m = sum(x == code for x in model)
        a = sum(y == code for y in analyst)
        both = sum(x == code and y == code for x, y in zip(model, analyst, strict=True))
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


def agreement(
    db: Database,
    start: datetime | None = None,
    end: datetime | None = None,
    model_version: str | None = None,
) -> dict[str, Any]:
    """Analyst-analyst kappa and model-analyst agreement, reviews in [start, end)."""
    with db.session() as s:
        q = select(Coding).where(Coding.source == "analyst")
        if start is not None:
            q = q.where(Coding.created_at >= start)
        if end is not None:
            q = q.where(Coding.created_at < end)
        reviews = list(s.scalars(q.order_by(Coding.id)))
        report_ids = sorted({c.report_id for c in reviews})
        history: dict[str, list[Coding]] = {rid: [] for rid in report_ids}
        reasons: dict[str, list[str]] = {}
        if report_ids:
            for c in s.scalars(
                select(Coding)
                .where(Coding.report_id.in_(report_ids))
                .order_by(Coding.id)
            ):
                history[c.report_id].append(c)
            for rid, rs in s.execute(
                select(Report.id, Report.review_reasons).where(
                    Report.id.in_(report_ids)
                )
            ):
                reasons[rid] = list(rs or [])

    first_pairs: tuple[list[Labels], list[Labels]] = ([], [])
    model_pairs: dict[str, tuple[list[Labels], list[Labels]]] = {
        "all": ([], []),
        QUALITY_CONTROL: ([], []),
    }
    versions: dict[str, int] = {}
    in_window = {c.id for c in reviews}
    for rid, codings in history.items():
        second = next(
            (c for c in codings if c.source == "analyst" and c.review_round == 2), None
        )
        if second is not None and second.id in in_window:
            blind_to = [
                c
                for c in codings
                if c.source == "analyst" and c.review_round == 1 and c.id < second.id
            ]
            if blind_to:
                first_pairs[0].append(Labels.of(blind_to[-1]))
                first_pairs[1].append(Labels.of(second))
        first = next(
            (c for c in codings if c.source == "analyst" and c.review_round == 1), None
        )
        if first is None or first.id not in in_window:
            continue
        reviewed = [c for c in codings if c.source == "model" and c.id < first.id]
        if not reviewed:
            continue
        model = reviewed[-1]
        if model_version is not None and model.model_version != model_version:
            continue
        key = model.model_version or "unknown"
        versions[key] = versions.get(key, 0) + 1
        subsets = ["all"]
        if QUALITY_CONTROL in reasons.get(rid, []):
            subsets.append(QUALITY_CONTROL)
        for subset in subsets:
            model_pairs[subset][0].append(Labels.of(model))
            model_pairs[subset][1].append(Labels.of(first))
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
