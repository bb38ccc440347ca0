"""How likely a coding is wrong on event type or harm, learnt from held-out codings.

Per-target confidence thresholds look at one probability at a time; a report that is
a little unsure of its event type *and* of its harm *and* of its factors is more often
wrong than one that is very unsure of one of them. This estimator combines the coder's
own uncertainties into one probability of error, fitted on the dev split (which the
coder never trained on), so the review queue can ask for "P(wrong) >= x" directly.

It sees only the coder's probabilities, never the text: no narrative style or source
can leak into routing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

FEATURES: tuple[str, ...] = (
    "event_type_doubt",
    "event_type_margin",
    "event_kind_doubt",
    "harm_doubt",
    "harm_entropy",
    "harm_unknown_p",
    "harm_serious_p",
    "factor_margin",
)
# Probabilities are clipped here before the log so 1.0 does not give infinity.
_EPS = 1e-6


def _doubt(p: NDArray[np.float64]) -> NDArray[np.float64]:
    # -log(1 - p) spreads 0.9, 0.99 and 0.999 apart, where the errors hide.
    return -np.log(np.clip(1.0 - p, _EPS, 1.0))


def risk_features(
    event_type: NDArray[np.float64],
    event_kind: NDArray[np.float64],
    harm: NDArray[np.float64],
    harm_chosen: NDArray[np.int_],
    harm_classes: list[str],
    factors: NDArray[np.float64],
    factor_thresholds: NDArray[np.float64],
) -> NDArray[np.float64]:
    """One row of uncertainty measures (FEATURES) per coded narrative."""
    rows = np.arange(len(harm))
    top2 = -np.sort(-event_type, axis=1)[:, :2]
    margin = top2[:, 0] - (top2[:, 1] if event_type.shape[1] > 1 else 0.0)
    p = np.clip(harm, _EPS, 1.0)
    entropy = -(p * np.log(p)).sum(axis=1) / np.log(max(harm.shape[1], 2))

    def column(codes: tuple[str, ...]) -> NDArray[np.float64]:
        idx = [harm_classes.index(c) for c in codes if c in harm_classes]
        return harm[:, idx].sum(axis=1) if idx else np.zeros(len(harm))

    factor_margin = (
        np.abs(factors - factor_thresholds[None, :]).min(axis=1)
        if factors.shape[1]
        else np.ones(len(harm))
    )
    return np.column_stack(
        [
            _doubt(event_type.max(axis=1)),
            margin,
            _doubt(event_kind.max(axis=1)),
            _doubt(harm[rows, harm_chosen]),
            entropy,
            column(("unknown",)),
            column(("severe", "death")),
            factor_margin,
        ]
    )


class ErrorRiskClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression from risk_features to P(coding wrong on type or harm)."""

    def __init__(self, C: float = 1.0, max_iter: int = 2000):
        self.C = C
        self.max_iter = max_iter

    def fit(self, X: Any, y: Any) -> ErrorRiskClassifier:
        """Fit on held-out codings: X from risk_features, y true where wrong."""
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y).astype(bool)
        self.classes_ = np.array([False, True])
        self.scaler_ = StandardScaler().fit(X)
        # A tiny dev split may be all right (or all wrong): the base rate is then
        # the only honest estimate.
        self.base_rate_ = float(y.mean()) if len(y) else 0.0
        self.lr_: LogisticRegression | None = None
        if 0 < y.sum() < len(y):
            self.lr_ = LogisticRegression(C=self.C, max_iter=self.max_iter).fit(
                self.scaler_.transform(X), y
            )
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """[P(right), P(wrong)] per row."""
        check_is_fitted(self, "scaler_")
        X = np.asarray(X, dtype=np.float64)
        if self.lr_ is None:
            wrong = np.full(len(X), self.base_rate_)
        else:
            wrong = self.lr_.predict_proba(self.scaler_.transform(X))[:, 1]
        return np.column_stack([1.0 - wrong, wrong])

    def predict(self, X: Any) -> NDArray[np.bool_]:
        """True where a coding is more likely wrong than right."""
        return self.predict_proba(X)[:, 1] >= 0.5
