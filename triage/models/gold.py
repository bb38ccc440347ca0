"""Gold records as the models see them: redacted from their own gold PHI spans."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from triage.corpus.records import Record


def redact_gold(record: Record) -> str:
    """The record's text with each gold PHI span replaced by ``<TYPE_n>``.

    n numbers distinct surface strings per type by first appearance, as the
    de-identifier does, so the same person keeps the same placeholder.
    """
    numbers: dict[tuple[str, str], int] = {}
    per_type: dict[str, int] = {}
    out: list[str] = []
    pos = 0
    for span in sorted(record.phi, key=lambda s: s.start):
        surface = record.text[span.start : span.end]
        key = (span.type, surface.lower())
        if key not in numbers:
            per_type[span.type] = per_type.get(span.type, 0) + 1
            numbers[key] = per_type[span.type]
        out.append(record.text[pos : span.start])
        out.append(f"<{span.type}_{numbers[key]}>")
        pos = span.end
    out.append(record.text[pos:])
    return "".join(out)


def factor_matrix(
    records: Sequence[Record], labels: Sequence[str]
) -> NDArray[np.bool_]:
    """A records x labels boolean matrix of gold factors."""
    index = {label: j for j, label in enumerate(labels)}
    Y = np.zeros((len(records), len(labels)), dtype=bool)
    for i, rec in enumerate(records):
        for f in rec.factors:
            Y[i, index[f]] = True
    return Y
