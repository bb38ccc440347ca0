"""Counts per code and per PHI type, and lexical variety, of labelled sets."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from triage import taxonomy
from triage.corpus.records import Record

_WORD = re.compile(r"[a-z0-9]+")


def label_counts(records: Sequence[Record]) -> dict[str, Counter[str]]:
    """Counts of each code of each target, and of PHI types and sources."""
    tax = taxonomy.load()
    counts: dict[str, Counter[str]] = {t: Counter() for t in taxonomy.TARGETS}
    counts["phi"] = Counter()
    counts["source"] = Counter()
    for target in taxonomy.TARGETS:
        for code in tax.codes(target):
            counts[target][code] = 0
    for code in tax.phi_types:
        counts["phi"][code] = 0
    for rec in records:
        for target in taxonomy.SINGLE_LABEL_TARGETS:
            counts[target][getattr(rec, target)] += 1
        counts["factors"].update(rec.factors)
        counts["phi"].update(p.type for p in rec.phi)
        counts["source"][rec.source] += 1
    return counts


def distinct_trigram_ratio(texts: Sequence[str]) -> float:
    """Distinct word trigrams over all word trigrams (1.0 = no trigram repeats)."""
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in texts:
        words = _WORD.findall(text.lower())
        for i in range(len(words) - 2):
            seen.add((words[i], words[i + 1], words[i + 2]))
            total += 1
    return len(seen) / total if total else 0.0


def format_table(per_split: dict[str, Sequence[Record]]) -> str:
    """A plain-text table: one row per code, one column per split."""
    names = list(per_split)
    counts = {name: label_counts(recs) for name, recs in per_split.items()}
    width = max(len(n) for n in names) + 2
    lines = [f"{'':<34}" + "".join(f"{n:>{width + 4}}" for n in names)]
    lines.append(
        f"{'records':<34}" + "".join(f"{len(per_split[n]):>{width + 4}}" for n in names)
    )
    for group in ("source", *taxonomy.TARGETS, "phi"):
        lines.append(f"[{group}]")
        codes = list(counts[names[0]][group]) if names else []
        for n in names[1:]:
            codes += [c for c in counts[n][group] if c not in codes]
        for code in codes:
            row = "".join(f"{counts[n][group][code]:>{width + 4}}" for n in names)
            lines.append(f"  {code:<32}{row}")
    ratios = "".join(
        f"{distinct_trigram_ratio([r.text for r in per_split[n]]):>{width + 4}.3f}"
        for n in names
    )
    lines.append(f"{'distinct word-trigram ratio':<34}{ratios}")
    return "\n".join(lines)
