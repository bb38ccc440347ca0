"""Score a coder on a gold JSONL set, overall and per source; write metrics.json.

Usage: ``triage evaluate coding --model DIR --gold FILE`` (or
``python -m training.evaluate_coding --model DIR --gold FILE``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from triage import taxonomy
from triage.corpus.records import Record, read_jsonl
from triage.models import metrics
from triage.models.coder import Coder
from triage.models.gold import factor_matrix, redact_gold

BATCH = 512


def score(coder: Coder, records: Sequence[Record]) -> dict[str, Any]:
    """Per-target metrics of a coder on gold records (redacted from gold spans)."""
    tax = taxonomy.load()
    texts = [redact_gold(r) for r in records]
    parts = [coder.scores(texts[i : i + BATCH])[0] for i in range(0, len(texts), BATCH)]
    out: dict[str, Any] = {"n": len(records)}
    for target in ("event_type", "event_kind"):
        model = getattr(coder, target)
        proba = np.vstack([getattr(p, target) for p in parts])
        pred = [str(model.classes_[k]) for k in proba.argmax(axis=1)]
        gold = [getattr(r, target) for r in records]
        out[target] = metrics.single_label(
            gold, pred, proba.max(axis=1), tax.codes(target)
        )
    harm_p = np.vstack([p.harm for p in parts])
    harm_pred = [str(c) for p in parts for c in p.harm_codes]
    classes = [str(c) for c in coder.harm.classes_]
    conf = harm_p[np.arange(len(harm_pred)), [classes.index(c) for c in harm_pred]]
    harm_gold = [r.harm for r in records]
    out["harm"] = {
        **metrics.single_label(harm_gold, harm_pred, conf, tax.codes("harm")),
        **metrics.ordinal(harm_gold, harm_pred, tax.ordered_harm),
    }
    labels = [str(c) for c in coder.factors.classes_]
    out["factors"] = metrics.multi_label(
        factor_matrix(records, labels),
        np.vstack([p.factor_codes for p in parts]),
        np.vstack([p.factors for p in parts]),
        labels,
    )
    return out


def evaluate(coder: Coder, records: Sequence[Record]) -> dict[str, Any]:
    """Metrics overall and for each source (handwritten, generated, ...)."""
    result: dict[str, Any] = {
        "model_version": coder.version,
        "overall": score(coder, records),
    }
    by_source = {}
    for source in sorted({r.source for r in records}):
        subset = [r for r in records if r.source == source]
        by_source[source] = score(coder, subset)
    result["by_source"] = by_source
    return result


def headline(m: dict[str, Any]) -> dict[str, float]:
    """The target numbers of one metrics block (the issue's acceptance figures)."""
    return {
        "event_type_macro_f1": m["event_type"]["macro_f1"],
        "event_kind_accuracy": m["event_kind"]["accuracy"],
        "harm_qwk": m["harm"].get("qwk", float("nan")),
        "harm_mean_ordinal_error": m["harm"].get("mean_ordinal_error", float("nan")),
        "factors_micro_f1": m["factors"]["micro_f1"],
    }


def format_report(result: dict[str, Any]) -> str:
    """A terminal report: headline per subset, then per-target detail (overall)."""
    lines = [f"model {result['model_version']}"]
    blocks = {"overall": result["overall"], **result.get("by_source", {})}
    lines.append(
        f"{'subset':<12}{'n':>6}  "
        + "  ".join(f"{k:>24}" for k in headline(result["overall"]))
    )
    for name, block in blocks.items():
        vals = "  ".join(f"{v:>24.3f}" for v in headline(block).values())
        lines.append(f"{name:<12}{block['n']:>6}  {vals}")
    overall = result["overall"]
    for target in ("event_type", "event_kind", "harm", "factors"):
        m = overall[target]
        lines.append("")
        summary = [
            f"{k}={m[k]:.3f}"
            for k in (
                "accuracy",
                "macro_f1",
                "micro_f1",
                "qwk",
                "mean_ordinal_error",
                "ece",
            )
            if k in m
        ]
        lines.append(f"== {target}: " + " ".join(summary))
        if target == "harm":
            u = m["unknown"]
            lines.append(
                f"   ordinal pairs {m['ordinal_pairs']} "
                f"(excluded {m['excluded_pairs']}); "
                f"unknown P={u['precision']:.3f} R={u['recall']:.3f} F1={u['f1']:.3f}"
            )
        lines.append(f"   {'code':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
        for code, c in m["per_class"].items():
            lines.append(
                f"   {code:<24}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}"
                f"{c['support']:>6}"
            )
        if "confusion" in m:
            labels = m["confusion"]["labels"]
            short = [c[:6] for c in labels]
            lines.append("   confusion (rows gold, columns predicted)")
            lines.append("   " + " " * 24 + "".join(f"{s:>7}" for s in short))
            for code, row in zip(labels, m["confusion"]["matrix"], strict=True):
                lines.append(f"   {code:<24}" + "".join(f"{v:>7}" for v in row))
    return "\n".join(lines)


def run(model_dir: Path, gold: Path, out: Path | None = None) -> dict[str, Any]:
    """Evaluate the model in model_dir on a gold file; write metrics.json beside it."""
    coder = Coder.load(model_dir)
    records = list(read_jsonl(gold))
    result = evaluate(coder, records)
    result["gold"] = {"file": gold.name, "records": len(records)}
    target = out or model_dir / "metrics.json"
    target.write_text(
        json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return result


if __name__ == "__main__":
    # The same command as `triage evaluate coding`: one definition of its options.
    from triage.cli.coding import evaluate_coding

    evaluate_coding()  # type: ignore[call-arg]  # click parses sys.argv
