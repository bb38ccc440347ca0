"""The error-risk estimator: its features, its estimator contract, and on the real
model, that it ranks wrong codings above right ones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from triage.corpus.records import read_jsonl
from triage.models.error_risk import FEATURES, ErrorRiskClassifier, risk_features
from triage.models.gold import redact_gold

REPO = Path(__file__).resolve().parents[1]
HARM = ["death", "mild", "moderate", "no_harm", "severe", "unknown"]


def _features(p_type, p_harm, chosen, p_factors=(0.5,), thresholds=(0.4,)):
    return risk_features(
        np.array([p_type]),
        np.array([[0.99, 0.01]]),
        np.array([p_harm]),
        np.array([chosen]),
        HARM,
        np.array([p_factors]),
        np.array(thresholds),
    )[0]


def test_features_measure_doubt_per_target():
    sure = _features([0.99, 0.01], [0, 0.01, 0.01, 0.97, 0, 0.01], 3)
    unsure = _features([0.55, 0.45], [0.05, 0.3, 0.3, 0.2, 0.1, 0.05], 1)
    assert len(sure) == len(FEATURES)
    col = dict(zip(FEATURES, range(len(FEATURES)), strict=True))
    assert sure[col["event_type_doubt"]] == pytest.approx(-np.log(0.01))
    assert sure[col["event_type_margin"]] == pytest.approx(0.98)
    assert unsure[col["event_type_margin"]] == pytest.approx(0.10)
    # harm doubt is about the chosen code, which need not be the most probable one
    assert unsure[col["harm_doubt"]] == pytest.approx(-np.log(0.7))
    assert unsure[col["harm_entropy"]] > sure[col["harm_entropy"]]
    assert unsure[col["harm_serious_p"]] == pytest.approx(0.15)
    assert unsure[col["harm_unknown_p"]] == pytest.approx(0.05)
    assert sure[col["factor_margin"]] == pytest.approx(0.1)
    certain = _features([1.0, 0.0], [0, 0, 0, 1.0, 0, 0], 3)
    assert np.isfinite(certain).all()


def test_learns_that_doubt_means_error():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = X[:, 0] + 0.3 * rng.normal(size=400) > 1.0
    model = ErrorRiskClassifier().fit(X, y)
    p = model.predict_proba(X)
    assert p.shape == (400, 2)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert roc_auc_score(y, p[:, 1]) > 0.9
    assert list(model.predict(X[:3])) == list(p[:3, 1] >= 0.5)
    assert clone(model).get_params() == {"C": 1.0, "max_iter": 2000}


@pytest.mark.parametrize("labels", [np.zeros(10, bool), np.ones(10, bool)])
def test_a_dev_split_with_one_outcome_gives_its_base_rate(labels):
    X = np.arange(20.0).reshape(10, 2)
    p = ErrorRiskClassifier().fit(X, labels).predict_proba(X)[:, 1]
    assert np.allclose(p, labels.mean())


def test_on_the_shipped_model_wrong_codings_rank_above_right_ones(processor):
    coder = processor.model.get()
    records = list(read_jsonl(REPO / "corpora" / "synthetic" / "test.jsonl"))
    codings = coder.code_batch([redact_gold(r) for r in records])
    wrong = [
        c.event_type.code != r.event_type or c.harm.code != r.harm
        for r, c in zip(records, codings, strict=True)
    ]
    risk = [c.error_risk for c in codings]
    # test is held out from both the coder and the estimator (fitted on dev)
    assert roc_auc_score(wrong, risk) > 0.9
