"""Scores of coded narratives against gold: per target, JSON-ready.

Harm scoring: quadratic-weighted kappa and mean ordinal error are computed on the
pairs where both gold and prediction are on the ordered scale; `unknown` sits outside
the order and is scored as its own detection task (precision/recall/F1), with the
number of pairs left out of the ordinal scores reported beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

UNKNOWN = "unknown"


def expected_calibration_error(
    confidence: NDArray[np.float64], correct: NDArray[np.bool_], bins: int = 10
) -> float:
    """ECE: bin-weighted gap between confidence and accuracy (equal-width bins)."""
    if len(confidence) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(ece)


def single_label(
    gold: Sequence[str],
    pred: Sequence[str],
    confidence: Sequence[float] | NDArray[np.float64],
    labels: Sequence[str],
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class P/R/F1, confusion matrix and top-label ECE."""
    g, p = np.asarray(gold, dtype=object), np.asarray(pred, dtype=object)
    present = [c for c in labels if c in set(g.tolist()) | set(p.tolist())]
    prec, rec, f1, support = precision_recall_fscore_support(
        g, p, labels=list(labels), zero_division=0
    )
    return {
        "n": len(g),
        "accuracy": float(accuracy_score(g, p)),
        "macro_f1": float(
            f1_score(g, p, labels=present, average="macro", zero_division=0)
        ),
        "ece": expected_calibration_error(np.asarray(confidence, dtype=float), g == p),
        "per_class": {
            c: {
                "precision": float(prec[i]),
                "recall": float(rec[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, c in enumerate(labels)
        },
        "confusion": {
            "labels": list(labels),
            "matrix": confusion_matrix(g, p, labels=list(labels)).tolist(),
        },
    }


def ordinal(
    gold: Sequence[str], pred: Sequence[str], levels: Sequence[str]
) -> dict[str, Any]:
    """QWK and mean ordinal error on ranked pairs; unknown detection P/R/F1."""
    rank = {c: i for i, c in enumerate(levels)}
    pairs = [
        (rank[g], rank[p])
        for g, p in zip(gold, pred, strict=True)
        if g in rank and p in rank
    ]
    out: dict[str, Any] = {
        "ordinal_pairs": len(pairs),
        "excluded_pairs": len(gold) - len(pairs),
    }
    if pairs:
        gr = np.array([a for a, _ in pairs])
        pr = np.array([b for _, b in pairs])
        both_constant = len(set(gr.tolist()) | set(pr.tolist())) < 2
        out["qwk"] = (
            1.0
            if both_constant
            else float(cohen_kappa_score(gr, pr, weights="quadratic"))
        )
        out["mean_ordinal_error"] = float(np.abs(gr - pr).mean())
        out["within_one"] = float((np.abs(gr - pr) <= 1).mean())
    g_unk = np.asarray([g == UNKNOWN for g in gold])
    p_unk = np.asarray([p == UNKNOWN for p in pred])
    tp = int((g_unk & p_unk).sum())
    prec = tp / max(int(p_unk.sum()), 1)
    rec = tp / max(int(g_unk.sum()), 1)
    out["unknown"] = {
        "support": int(g_unk.sum()),
        "predicted": int(p_unk.sum()),
        "precision": prec,
        "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
    }
    return out


def multi_label(
    gold: NDArray[np.bool_],
    pred: NDArray[np.bool_],
    proba: NDArray[np.float64],
    labels: Sequence[str],
) -> dict[str, Any]:
    """Micro/macro-F1, per-label P/R/F1, and ECE over all (record, label) pairs."""
    prec, rec, f1, support = precision_recall_fscore_support(
        gold, pred, average=None, zero_division=0
    )
    return {
        "n": int(gold.shape[0]),
        "micro_f1": float(f1_score(gold, pred, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(gold, pred, average="macro", zero_division=0)),
        "samples_exact": float((gold == pred).all(axis=1).mean()) if len(gold) else 0.0,
        "ece": expected_calibration_error(proba.ravel(), gold.ravel()),
        "per_class": {
            c: {
                "precision": float(prec[j]),
                "recall": float(rec[j]),
                "f1": float(f1[j]),
                "support": int(support[j]),
            }
            for j, c in enumerate(labels)
        },
    }
