"""Deterministic, stratified train/dev/test splits of labelled records."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from triage.corpus.records import Record

SPLITS = ("train", "dev", "test")


def _order_key(rec: Record) -> str:
    # Hashing the id (not the text) keeps a record in its split when its wording is
    # corrected, and spreads authoring order evenly across splits.
    return hashlib.sha256(rec.id.encode("utf-8")).hexdigest()


def split(
    records: Iterable[Record], ratios: tuple[float, float, float] = (0.6, 0.2, 0.2)
) -> dict[str, list[Record]]:
    """Split records by event_type and source into train/dev/test, stable per id."""
    if abs(sum(ratios) - 1.0) > 1e-9 or min(ratios) < 0:
        raise ValueError("split ratios must be non-negative and sum to 1")
    strata: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for rec in records:
        strata[(rec.source, rec.event_type)].append(rec)
    out: dict[str, list[Record]] = {s: [] for s in SPLITS}
    for key in sorted(strata):
        group = sorted(strata[key], key=_order_key)
        n = len(group)
        n_train = round(n * ratios[0])
        n_dev = round(n * ratios[1])
        out["train"].extend(group[:n_train])
        out["dev"].extend(group[n_train : n_train + n_dev])
        out["test"].extend(group[n_train + n_dev :])
    for name in SPLITS:
        out[name].sort(key=lambda r: r.id)
    return out
