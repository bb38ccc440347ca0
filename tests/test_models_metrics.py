"""Scoring: ECE, harm ordinal scores with unknown outside the order, multi-label F1."""

from __future__ import annotations

import numpy as np
import pytest

from triage import taxonomy
from triage.models import metrics

LEVELS = taxonomy.load().ordered_harm


@pytest.mark.parametrize(
    ("confidence", "correct", "expected"),
    [
        ([0.9, 0.9, 0.9, 0.9], [1, 1, 1, 0], 0.15),  # one bin: |0.9 - 0.75|
        ([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0], 0.0),  # perfectly calibrated
        ([1.0, 0.05], [1, 0], 0.025),  # two bins, each off by 0 and 0.05, weight 1/2
        ([], [], 0.0),
    ],
)
def test_expected_calibration_error(
    confidence: list[float], correct: list[int], expected: float
) -> None:
    got = metrics.expected_calibration_error(
        np.array(confidence, dtype=float), np.array(correct, dtype=bool)
    )
    assert got == pytest.approx(expected)


def test_single_label_report() -> None:
    labels = ["a", "b", "c"]
    m = metrics.single_label(
        ["a", "a", "b", "c"], ["a", "b", "b", "c"], [0.9] * 4, labels
    )
    assert m["accuracy"] == 0.75
    assert m["per_class"]["a"]["recall"] == 0.5
    assert m["per_class"]["b"]["precision"] == 0.5
    assert m["confusion"]["matrix"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert m["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


@pytest.mark.parametrize(
    ("gold", "pred", "qwk", "moe", "excluded"),
    [
        (["no_harm", "mild", "death"], ["no_harm", "mild", "death"], 1.0, 0.0, 0),
        (
            ["no_harm", "mild", "severe", "death"],
            ["mild", "mild", "severe", "severe"],
            None,
            0.5,
            0,
        ),
        # unknown on either side leaves the ordinal scores
        (["unknown", "mild", "death"], ["mild", "unknown", "death"], 1.0, 0.0, 2),
    ],
)
def test_ordinal_scores(
    gold: list[str], pred: list[str], qwk: float | None, moe: float, excluded: int
) -> None:
    m = metrics.ordinal(gold, pred, LEVELS)
    assert m["mean_ordinal_error"] == pytest.approx(moe)
    assert m["excluded_pairs"] == excluded
    if qwk is not None:
        assert m["qwk"] == pytest.approx(qwk)
    else:
        assert 0.5 < m["qwk"] < 1.0


def test_unknown_detection() -> None:
    m = metrics.ordinal(
        ["unknown", "unknown", "mild"], ["unknown", "mild", "unknown"], LEVELS
    )
    assert m["unknown"] == {
        "support": 2,
        "predicted": 2,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
    }


def test_multi_label_micro_and_macro() -> None:
    gold = np.array([[1, 0], [1, 1], [0, 0]], dtype=bool)
    pred = np.array([[1, 0], [1, 0], [0, 1]], dtype=bool)
    m = metrics.multi_label(gold, pred, pred.astype(float), ["x", "y"])
    # tp=2 fp=1 fn=1 -> micro F1 = 4/6
    assert m["micro_f1"] == pytest.approx(2 / 3)
    assert m["per_class"]["x"]["f1"] == 1.0
    assert m["per_class"]["y"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx(0.5)
