"""The ordinal harm model: cut points, unknown gate, median decision."""

from __future__ import annotations

import numpy as np
import pytest

from triage import taxonomy
from triage.errors import ModelError
from triage.models.ordinal import OrdinalHarmClassifier


def severity_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """One feature tracks severity; another marks 'unknown' reports."""
    levels = taxonomy.load().ordered_harm
    rng = np.random.default_rng(seed)
    rank = rng.integers(0, len(levels), n)
    unknown = rng.random(n) < 0.15
    X = np.column_stack([rank + rng.normal(0, 0.4, n), unknown + rng.normal(0, 0.2, n)])
    y = np.where(unknown, "unknown", np.array(levels)[rank])
    return X, y


@pytest.fixture(scope="module")
def model() -> OrdinalHarmClassifier:
    X, y = severity_data(800, 0)
    Xd, yd = severity_data(300, 1)
    return OrdinalHarmClassifier(C=1.0).fit(X, y).calibrate(Xd, yd)


def test_classes_follow_the_taxonomy(model: OrdinalHarmClassifier) -> None:
    tax = taxonomy.load()
    assert tuple(model.levels_) == tax.ordered_harm
    assert set(model.classes_) == set(tax.codes("harm"))


def test_probabilities_are_a_distribution(model: OrdinalHarmClassifier) -> None:
    X, _ = severity_data(200, 2)
    p = model.predict_proba(X)
    assert p.shape == (200, len(model.classes_))
    assert (p >= 0).all()
    assert np.allclose(p.sum(axis=1), 1.0)


def test_learns_the_order(model: OrdinalHarmClassifier) -> None:
    X, y = severity_data(400, 3)
    pred = model.predict(X)
    known = (y != "unknown") & (pred != "unknown")
    rank = {c: i for i, c in enumerate(model.levels_)}
    err = np.abs(
        np.array(
            [rank[a] - rank[b] for a, b in zip(y[known], pred[known], strict=True)]
        )
    )
    assert err.mean() < 0.3
    assert ((y == "unknown") == (pred == "unknown")).mean() > 0.9


@pytest.mark.parametrize(
    ("levels", "unknown", "expected"),
    [
        # median, not argmax: no_harm is likeliest (0.4), but 0.55 is moderate or worse
        ([0.4, 0.05, 0.25, 0.2, 0.1], 0.0, "moderate"),
        ([0.6, 0.1, 0.1, 0.1, 0.1], 0.0, "no_harm"),
        ([0.0, 0.0, 0.0, 0.0, 1.0], 0.0, "death"),
        ([0.3, 0.2, 0.0, 0.0, 0.0], 0.5, "unknown"),
        ([0.5, 0.1, 0.0, 0.0, 0.0], 0.4, "no_harm"),
    ],
)
def test_decide_uses_median_and_unknown_threshold(
    model: OrdinalHarmClassifier, levels: list[float], unknown: float, expected: str
) -> None:
    proba = np.array([[*levels, unknown]])
    assert model.decide(proba)[0] == expected


def test_labels_outside_the_taxonomy_fail() -> None:
    with pytest.raises(ModelError):
        OrdinalHarmClassifier().fit(np.zeros((2, 1)), ["mild", "catastrophic"])


def test_weights_for_each_code(model: OrdinalHarmClassifier) -> None:
    assert model.class_weights("death")[0] > 0  # severity feature pushes up
    assert model.class_weights("no_harm")[0] < 0
    assert model.class_weights("unknown")[1] > 0
