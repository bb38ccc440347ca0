"""Multi-label factors: per-label models, constant labels, tuned thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from triage.errors import ModelError
from triage.models.multilabel import ThresholdedMultiLabelClassifier, best_threshold


@pytest.mark.parametrize(
    ("proba", "truth", "expected"),
    [
        ([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0], 0.55),  # any t in (0.3, 0.8]; the middle
        ([0.35, 0.3, 0.2, 0.1], [1, 1, 0, 0], 0.25),
        ([0.5, 0.4], [0, 0], 0.9),  # no positives: the strictest threshold
    ],
)
def test_best_threshold(proba: list[float], truth: list[int], expected: float) -> None:
    got = best_threshold(np.array(proba), np.array(truth, dtype=bool), 0.1, 0.9)
    assert got == pytest.approx(expected, abs=0.011)


def data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Y = rng.random((n, 3)) < [0.5, 0.1, 0.0]
    X = Y[:, :2] * 1.5 + rng.normal(0, 0.7, (n, 2))
    return X, Y


def test_fit_calibrate_predict() -> None:
    X, Y = data(600, 0)
    Xd, Yd = data(300, 1)
    m = ThresholdedMultiLabelClassifier(labels=("a", "b", "never"), C=1.0)
    assert m.fit(X, Y) is m
    assert list(m.thresholds_) == [0.5, 0.5, 0.5]
    m.calibrate(Xd, Yd)
    assert all(0.1 <= t <= 0.9 for t in m.thresholds_)
    p = m.predict_proba(Xd)
    assert p.shape == (300, 3)
    assert (p[:, 2] == 0.0).all()  # a label never seen in training is a constant 0
    assert m.class_weights(2) is None
    pred = m.predict(Xd)
    assert (pred[:, 0] == Yd[:, 0]).mean() > 0.8


def test_label_matrix_must_match_labels() -> None:
    with pytest.raises(ModelError):
        ThresholdedMultiLabelClassifier(labels=("a",)).fit(
            np.zeros((4, 2)), np.zeros((4, 2))
        )
