"""Calibrated logistic regression: contract, temperature fitting, class weights."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import log_softmax
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from triage.errors import ModelError
from triage.models.linear import CalibratedLinearClassifier, fit_temperature


def blobs(n: int, seed: int, noise: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    X = np.eye(3)[y] * 2.0 + rng.normal(0, noise, (n, 3))
    return X, np.array(["a", "b", "c"])[y]


def nll(model: CalibratedLinearClassifier, X: np.ndarray, y: np.ndarray) -> float:
    idx = np.searchsorted(model.classes_, y)
    return float(-np.log(model.predict_proba(X)[np.arange(len(y)), idx]).mean())


def test_contract_and_probabilities() -> None:
    X, y = blobs(300, 0)
    m = CalibratedLinearClassifier(C=1.0)
    with pytest.raises(NotFittedError):
        m.predict(X)
    assert m.fit(X, y) is m
    assert list(m.classes_) == ["a", "b", "c"]
    assert m.temperature_ == 1.0
    p = m.predict_proba(X)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert (m.predict(X) == m.classes_[p.argmax(axis=1)]).all()
    assert clone(m).get_params() == m.get_params()


def test_calibration_lowers_held_out_nll_and_keeps_decisions() -> None:
    X, y = blobs(400, 1)
    Xd, yd = blobs(400, 2)
    # Very weak regularisation on noisy data gives overconfident scores.
    m = CalibratedLinearClassifier(C=1e4, class_weight=None).fit(X[:40], y[:40])
    before, decisions = nll(m, Xd, yd), m.predict(Xd)
    m.calibrate(Xd, yd)
    assert m.temperature_ != 1.0
    assert nll(m, Xd, yd) < before
    assert (m.predict(Xd) == decisions).all()


def test_fit_temperature_recovers_a_known_temperature() -> None:
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 3, (4000, 4))
    probs = np.exp(log_softmax(logits / 2.0, axis=1))
    y = np.array([rng.choice(4, p=p) for p in probs])
    assert fit_temperature(logits, y) == pytest.approx(2.0, rel=0.1)


def test_binary_class_weights_are_signed() -> None:
    X, y = blobs(300, 4)
    yb = y == "a"
    m = CalibratedLinearClassifier().fit(X, yb)
    assert np.allclose(m.class_weights(1), -m.class_weights(0))
    assert m.class_weights(1)[0] > 0  # feature 0 marks class "a"


def test_one_class_is_an_error() -> None:
    with pytest.raises(ModelError):
        CalibratedLinearClassifier().fit(np.zeros((3, 2)), ["a", "a", "a"])


def test_sample_weight_changes_the_fit() -> None:
    X, y = blobs(300, 5)
    w = np.where(y == "a", 10.0, 1.0)
    plain = CalibratedLinearClassifier(class_weight=None).fit(X, y)
    weighted = CalibratedLinearClassifier(class_weight=None).fit(X, y, sample_weight=w)
    assert (weighted.predict(X) == "a").sum() > (plain.predict(X) == "a").sum()
