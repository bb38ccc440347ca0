"""Span-level (any overlap) and token-level recall, precision and F2 of de-id.

Recall counts a gold span (token) as found when any predicted span overlaps it, whatever
the predicted type: for PHI, a redaction under the wrong type is still not a leak.
Precision counts a predicted span (token) as right when it overlaps any gold span,
optional ones included. Per-type rows group gold by gold type (recall) and predictions
by predicted type (precision).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from triage.evaluation.gold_readers import GoldDoc

_TOKEN = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class Predicted:
    """A predicted span (type and offsets)."""

    type: str
    start: int
    end: int


@dataclass
class Counts:
    """Numerators and denominators of recall and precision for one type."""

    gold: int = 0
    found: int = 0
    pred: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        """found / gold (1.0 when there is no gold)."""
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """correct / predicted (1.0 when nothing was predicted)."""
        return self.correct / self.pred if self.pred else 1.0

    @property
    def f2(self) -> float:
        """F-beta with beta 2: recall weighs four times precision."""
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if (p + r) else 0.0


@dataclass
class Miss:
    """A gold span no prediction overlapped (or a prediction no gold overlapped)."""

    doc_id: str
    type: str
    start: int
    end: int
    text: str
    context: str


@dataclass
class EvalResult:
    """Per-type and overall counts at span and token level, with misses and FPs."""

    span: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    token: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[Miss] = field(default_factory=list)
    false_positives: list[Miss] = field(default_factory=list)
    n_docs: int = 0


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def score(
    gold: Sequence[GoldDoc], predicted: Sequence[Sequence[Predicted]]
) -> EvalResult:
    """Compare predictions with gold, document by document."""
    res = EvalResult(n_docs=len(gold))
    for doc, preds in zip(gold, predicted, strict=True):
        text = doc.text
        # span level
        for g in doc.spans:
            if g.optional:
                continue
            hit = any(_overlaps(g.start, g.end, p.start, p.end) for p in preds)
            for key in (g.type, "ALL"):
                res.span[key].gold += 1
                res.span[key].found += hit
            if not hit:
                res.misses.append(
                    Miss(
                        doc.id,
                        g.type,
                        g.start,
                        g.end,
                        text[g.start : g.end],
                        _context(text, g.start, g.end),
                    )
                )
        for p in preds:
            ok = any(_overlaps(g.start, g.end, p.start, p.end) for g in doc.spans)
            for key in (p.type, "ALL"):
                res.span[key].pred += 1
                res.span[key].correct += ok
            if not ok:
                res.false_positives.append(
                    Miss(
                        doc.id,
                        p.type,
                        p.start,
                        p.end,
                        text[p.start : p.end],
                        _context(text, p.start, p.end),
                    )
                )
        # token level
        for m in _TOKEN.finditer(text):
            ts, te = m.span()
            gold_types = [g for g in doc.spans if _overlaps(ts, te, g.start, g.end)]
            required = [g for g in gold_types if not g.optional]
            pred_types = [p for p in preds if _overlaps(ts, te, p.start, p.end)]
            if required:
                gtype = required[0].type
                for key in (gtype, "ALL"):
                    res.token[key].gold += 1
                    res.token[key].found += bool(pred_types)
            if pred_types:
                ptype = pred_types[0].type
                for key in (ptype, "ALL"):
                    res.token[key].pred += 1
                    res.token[key].correct += bool(gold_types)
    return res


def format_report(res: EvalResult, max_misses: int = 50, show_fp: int = 0) -> str:
    """A plain-text table of the result, then the misses (and optionally FPs)."""
    lines = [f"documents: {res.n_docs}", ""]
    header = (
        f"{'type':<10}{'level':<7}{'gold':>7}{'found':>7}{'pred':>7}"
        f"{'recall':>8}{'prec':>8}{'F2':>8}"
    )
    lines.append(header)
    lines.append("-" * len(header))
    types = sorted(set(res.span) | set(res.token), key=lambda t: (t == "ALL", t))
    for t in types:
        for level, table in (("span", res.span), ("token", res.token)):
            c = table.get(t, Counts())
            lines.append(
                f"{t:<10}{level:<7}{c.gold:>7}{c.found:>7}{c.pred:>7}"
                f"{c.recall:>8.3f}{c.precision:>8.3f}{c.f2:>8.3f}"
            )
    lines.append("")
    lines.append(
        f"misses: {len(res.misses)} (showing {min(max_misses, len(res.misses))})"
    )
    for m in res.misses[:max_misses]:
        lines.append(f"  {m.doc_id}  {m.type:<9} {m.text!r}  … {m.context}")
    if show_fp:
        lines.append("")
        fps = res.false_positives
        lines.append(f"false positives: {len(fps)} (showing {min(show_fp, len(fps))})")
        for m in fps[:show_fp]:
            lines.append(f"  {m.doc_id}  {m.type:<9} {m.text!r}  … {m.context}")
    return "\n".join(lines)


def as_dict(res: EvalResult) -> dict[str, object]:
    """Metrics as a JSON-ready mapping (no text: safe to store as metrics.json)."""

    def table(t: dict[str, Counts]) -> dict[str, dict[str, float]]:
        return {
            k: {
                "gold": c.gold,
                "pred": c.pred,
                "recall": round(c.recall, 4),
                "precision": round(c.precision, 4),
                "f2": round(c.f2, 4),
            }
            for k, c in sorted(t.items())
        }

    return {"documents": res.n_docs, "span": table(res.span), "token": table(res.token)}
