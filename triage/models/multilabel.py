"""Multi-label contributing factors: calibrated linear models, thresholds per label."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from triage.errors import ModelError
from triage.models.linear import CalibratedLinearClassifier


def best_threshold(
    proba: NDArray[np.float64], truth: NDArray[np.bool_], lo: float, hi: float
) -> float:
    """The threshold in [lo, hi] maximising F1 of `proba >= t` (ties: the middle)."""
    if not truth.any():
        return hi
    grid = np.round(np.arange(lo, hi + 1e-9, 0.01), 4)
    pred = proba[None, :] >= grid[:, None]
    tp = (pred & truth[None, :]).sum(axis=1)
    fp = (pred & ~truth[None, :]).sum(axis=1)
    fn = (~pred & truth[None, :]).sum(axis=1)
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    best = np.flatnonzero(f1 == f1.max())
    return float(grid[best[len(best) // 2]])


class ThresholdedMultiLabelClassifier(ClassifierMixin, BaseEstimator):
    """Binary relevance: per label a calibrated logistic model and a tuned threshold."""

    def __init__(
        self,
        labels: tuple[str, ...] = (),
        C: float = 10.0,
        class_weight: str | None = "balanced",
        max_iter: int = 2000,
        min_threshold: float = 0.1,
        max_threshold: float = 0.9,
    ):
        self.labels = labels
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.min_threshold = min_threshold
        self.max_threshold = max_threshold

    def fit(
        self, X: Any, Y: Any, sample_weight: Any = None
    ) -> ThresholdedMultiLabelClassifier:
        """Fit one model per label column of the 0/1 matrix Y (thresholds 0.5)."""
        Y = np.asarray(Y, dtype=bool)
        if Y.ndim != 2 or Y.shape[1] != len(self.labels):
            raise ModelError(
                "model_training_failed", "label matrix does not match labels"
            )
        self.classes_ = np.asarray(self.labels)
        self.estimators_: list[CalibratedLinearClassifier | float] = []
        for j in range(Y.shape[1]):
            col = Y[:, j]
            if col.all() or not col.any():
                self.estimators_.append(1.0 if col.all() else 0.0)
            else:
                model = CalibratedLinearClassifier(
                    self.C, self.class_weight, self.max_iter
                )
                self.estimators_.append(model.fit(X, col, sample_weight))
        self.thresholds_ = np.full(Y.shape[1], 0.5)
        return self

    def calibrate(self, X: Any, Y: Any) -> ThresholdedMultiLabelClassifier:
        """Per label: temperature-calibrate, then tune the F1-best threshold, on dev."""
        check_is_fitted(self)
        Y = np.asarray(Y, dtype=bool)
        for j, model in enumerate(self.estimators_):
            col = Y[:, j]
            if isinstance(model, CalibratedLinearClassifier) and 0 < col.sum() < len(
                col
            ):
                model.calibrate(X, col)
        proba = self.predict_proba(X)
        self.thresholds_ = np.array(
            [
                best_threshold(
                    proba[:, j], Y[:, j], self.min_threshold, self.max_threshold
                )
                for j in range(Y.shape[1])
            ]
        )
        return self

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """P(label applies), one column per label."""
        check_is_fitted(self)
        n = X.shape[0]
        cols = [
            np.full(n, m) if isinstance(m, float) else m.predict_proba(X)[:, 1]
            for m in self.estimators_
        ]
        return np.column_stack(cols) if cols else np.zeros((n, 0))

    def predict(self, X: Any) -> NDArray[np.bool_]:
        """Which labels apply (probability at or above the label's threshold)."""
        return np.asarray(self.predict_proba(X) >= self.thresholds_[None, :])

    def class_weights(self, label_index: int) -> NDArray[np.float64] | None:
        """Per-feature weight toward one label (None for a constant label)."""
        check_is_fitted(self)
        model = self.estimators_[label_index]
        if isinstance(model, float):
            return None
        return model.class_weights(1)
