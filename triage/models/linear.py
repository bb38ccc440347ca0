"""A logistic-regression classifier whose probabilities are temperature-calibrated."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from triage.errors import ModelError


def _logits(lr: LogisticRegression, X: Any) -> NDArray[np.float64]:
    """Per-class logits; a binary model's single score becomes [0, score]."""
    scores = np.asarray(lr.decision_function(X), dtype=np.float64)
    if scores.ndim == 1:
        return np.column_stack([np.zeros_like(scores), scores])
    return scores


def fit_temperature(logits: NDArray[np.float64], y_index: NDArray[np.int_]) -> float:
    """The temperature T minimising the negative log-likelihood of softmax(logits/T)."""
    rows = np.arange(len(y_index))

    def nll(log_t: float) -> float:
        return float(-log_softmax(logits / np.exp(log_t), axis=1)[rows, y_index].mean())

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


class CalibratedLinearClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression; `calibrate` on held-out data fits a softmax temperature."""

    def __init__(
        self,
        C: float = 10.0,
        class_weight: str | None = "balanced",
        max_iter: int = 2000,
    ):
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def fit(
        self, X: Any, y: Any, sample_weight: Any = None
    ) -> CalibratedLinearClassifier:
        """Fit the logistic regression (temperature starts at 1)."""
        y = np.asarray(y)
        if len(np.unique(y)) < 2:
            raise ModelError(
                "model_training_failed", "a target needs at least two classes"
            )
        self.lr_ = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter
        ).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.lr_.classes_
        self.temperature_ = 1.0
        return self

    def calibrate(self, X: Any, y: Any) -> CalibratedLinearClassifier:
        """Fit the temperature on held-out data whose labels the model knows."""
        check_is_fitted(self)
        y = np.asarray(y)
        known = np.isin(y, self.classes_)
        if known.sum() == 0:
            return self
        index = np.searchsorted(self.classes_, y[known])
        self.temperature_ = fit_temperature(_logits(self.lr_, X[known]), index)
        return self

    def decision_function(self, X: Any) -> NDArray[np.float64]:
        """Calibrated logits, one column per class."""
        check_is_fitted(self)
        return _logits(self.lr_, X) / self.temperature_

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        """Calibrated class probabilities, columns in `classes_` order."""
        return np.asarray(softmax(self.decision_function(X), axis=1))

    def predict(self, X: Any) -> NDArray[Any]:
        """The most probable class of each row."""
        scores = self.decision_function(X)
        return np.asarray(self.classes_[np.argmax(scores, axis=1)])

    def class_weights(self, class_index: int) -> NDArray[np.float64]:
        """Per-feature weight toward one class (relative to the others' mean)."""
        check_is_fitted(self)
        coef = np.asarray(self.lr_.coef_, dtype=np.float64)
        if coef.shape[0] == 1:
            return coef[0] if class_index == 1 else -coef[0]
        return np.asarray(coef[class_index] - coef.mean(axis=0))
