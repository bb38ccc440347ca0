"""The ordinal harm model: an unknown gate plus cumulative "worse than k" classifiers.

Harm is an ordered scale (no_harm < mild < moderate < severe < death) with `unknown`
outside the order. The model (Frank & Hall 2001) fits one binary classifier per cut
point, P(harm > k), on the records whose harm is known, and a separate gate
P(unknown). Level probabilities are differences of neighbouring cumulative ones, so
evidence for "worse" is shared across levels instead of learnt per class. The
decision is the *median* of the level distribution, which minimises expected ordinal
(absolute) error, unless P(unknown) reaches `unknown_threshold`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from triage import taxonomy
from triage.errors import ModelError
from triage.models.linear import CalibratedLinearClassifier

UNKNOWN = "unknown"


def _positive(model: CalibratedLinearClassifier | float, X: Any) -> NDArray[np.float64]:
    if isinstance(model, float):
        return np.full(X.shape[0], model)
    return model.predict_proba(X)[:, 1]


class OrdinalHarmClassifier(ClassifierMixin, BaseEstimator):
    """Harm codes from features: cumulative logistic cut points and an unknown gate."""

    def __init__(
        self,
        C: float = 10.0,
        class_weight: str | None = "balanced",
        max_iter: int = 2000,
        unknown_threshold: float = 0.5,
    ):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.unknown_threshold = unknown_threshold

    def _binary(
        self, X: Any, y: NDArray[np.bool_], sample_weight: Any = None
    ) -> CalibratedLinearClassifier | float:
        # A cut point with one side only in the training data is a constant.
        if y.all() or not y.any():
            return 1.0 if y.all() else 0.0
        model = CalibratedLinearClassifier(self.C, self.class_weight, self.max_iter)
        return model.fit(X, y, sample_weight)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> OrdinalHarmClassifier:
        """Fit the gate on all rows and the cut points on rows of known harm."""
        y = np.asarray(y)
        levels = taxonomy.load().ordered_harm
        bad = set(y.tolist()) - set(levels) - {UNKNOWN}
        if bad:
            raise ModelError(
                "model_training_failed", "harm labels outside the taxonomy"
            )
        self.levels_ = np.asarray(levels)
        self.classes_ = np.asarray((*levels, UNKNOWN))
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.gate_ = self._binary(X, y == UNKNOWN, w)
        known = y != UNKNOWN
        if not known.any():
            raise ModelError(
                "model_training_failed", "no record with a known harm level"
            )
        rank = self._rank(y[known])
        wk = None if w is None else w[known]
        self.cuts_ = [
            self._binary(X[known], rank > k, wk) for k in range(len(levels) - 1)
        ]
        return self

    def _rank(self, codes: NDArray[Any]) -> NDArray[np.int_]:
        index = {code: i for i, code in enumerate(self.levels_.tolist())}
        return np.array([index[c] for c in codes.tolist()], dtype=int)

    def calibrate(self, X: Any, y: Any) -> OrdinalHarmClassifier:
        """Temperature-calibrate the gate and each cut point on held-out rows."""
        check_is_fitted(self)
        y = np.asarray(y)
        if isinstance(self.gate_, CalibratedLinearClassifier):
            self.gate_.calibrate(X, y == UNKNOWN)
        known = y != UNKNOWN
        rank = self._rank(y[known])
        for k, cut in enumerate(self.cuts_):
            target = rank > k
            if isinstance(cut, CalibratedLinearClassifier) and 0 < target.sum() < len(
                target
            ):
                cut.calibrate(X[known], target)
        return self

    def level_proba(self, X: Any) -> NDArray[np.float64]:
        """P(level | known harm), columns in `levels_` order (least to worst)."""
        check_is_fitted(self)
        above = np.column_stack([_positive(c, X) for c in self.cuts_])
        # Cumulative probabilities must not increase with k; enforce it.
        above = np.minimum.accumulate(above, axis=1)
        n = X.shape[0]
        cum = np.column_stack([np.ones(n), above, np.zeros(n)])
        probs = np.clip(cum[:, :-1] - cum[:, 1:], 0.0, None)
        return np.asarray(probs / probs.sum(axis=1, keepdims=True))

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Probabilities over `classes_` (the levels, then unknown)."""
        gate = _positive(self.gate_, X)[:, None]
        return np.column_stack([(1.0 - gate) * self.level_proba(X), gate])

    def decide(self, proba: NDArray[np.float64]) -> NDArray[Any]:
        """Codes from `predict_proba` rows: unknown if likely, else the median."""
        check_is_fitted(self)
        levels = proba[:, :-1]
        cum = np.cumsum(
            levels / np.maximum(levels.sum(axis=1, keepdims=True), 1e-12), axis=1
        )
        median = np.argmax(cum >= 0.5, axis=1)
        codes = self.levels_[median].astype(object)
        codes[proba[:, -1] >= self.unknown_threshold] = UNKNOWN
        return np.asarray(codes)

    def predict(self, X: Any) -> NDArray[Any]:
        """The harm code of each row."""
        return self.decide(self.predict_proba(X))

    def class_weights(self, code: str) -> NDArray[np.float64] | None:
        """Per-feature weight toward one code: its gate or its lower cut point."""
        check_is_fitted(self)
        if code == UNKNOWN:
            model = self.gate_
            sign = 1.0
        else:
            level = list(self.levels_).index(code)
            model = self.cuts_[max(level - 1, 0)]
            sign = 1.0 if level > 0 else -1.0
        if not isinstance(model, CalibratedLinearClassifier):
            return None
        return sign * model.class_weights(1)
