"""Agreement: Cohen's kappa (quadratic for harm) and model-vs-analyst, over a window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from review_support import add_report

from triage.review.agreement import Labels, agreement, inter_rater, kappa
from triage.review.corrections import Corrections, ReviewInput
from triage.store.models import utcnow

A, B = "analyst:ann", "analyst:bob"


@pytest.mark.parametrize(
    ("a", "b", "weights", "expected"),
    [
        (["x", "x", "y", "y"], ["x", "x", "y", "y"], None, 1.0),
        (["x", "x", "x"], ["x", "x", "x"], None, 1.0),  # one code only: still perfect
        # po = 0.75, pe = .5*.25 + .5*.75 = .5  ->  (0.75 - 0.5) / 0.5
        (["x", "x", "y", "y"], ["x", "y", "y", "y"], None, 0.5),
        (["x", "y"], ["y", "x"], None, -1.0),
        ([], [], None, None),
        # ordinal 0..2: one adjacent miss out of 3; quadratic: 1 - sum(w*o)/sum(w*e)
        ([0, 1, 2], [0, 2, 2], "quadratic", 0.8),
        ([0, 1, 2], [0, 2, 2], None, 0.5),
    ],
)
def test_kappa_table(a, b, weights, expected):
    labels = sorted(set(a) | set(b)) or ["x"]
    value = kappa(a, b, labels, weights)
    assert value == (
        pytest.approx(expected, abs=1e-4) if expected is not None else None
    )


def _l(et="fall", ek="incident", harm="mild", factors=()) -> Labels:
    return Labels(et, ek, harm, frozenset(factors))


def test_harm_is_weighted_and_unknown_is_left_out_of_the_weighted_figure():
    first = [_l(harm=h) for h in ("mild", "moderate", "severe", "no_harm", "unknown")]
    second = [_l(harm=h) for h in ("moderate", "moderate", "severe", "no_harm", "mild")]
    harm = inter_rater(first, second)["harm"]
    assert harm["weighting"] == "quadratic"
    assert (harm["n"], harm["n_ordinal"], harm["excluded"]) == (5, 4, 1)
    # An adjacent disagreement costs less with weights than without.
    assert harm["kappa_weighted"] > harm["kappa"]
    assert harm["observed_agreement"] == pytest.approx(0.6)


def test_factor_kappa_per_factor():
    first = [
        _l(factors=f) for f in (["communication"], [], ["communication", "environment"])
    ]
    second = [_l(factors=f) for f in (["communication"], [], ["environment"])]
    factors = inter_rater(first, second)["factors"]
    assert factors["per_factor"]["environment"]["kappa"] == 1.0
    assert factors["per_factor"]["communication"]["kappa"] == pytest.approx(0.4)
    assert factors["per_factor"]["health_it"]["kappa"] == 1.0  # absent for both


def _review(db, rid, analyst, when, **codes):
    review = ReviewInput(**codes) if codes else ReviewInput(accept=True)
    return Corrections(db, 1.0).review(rid, analyst, review, now=when)


def test_agreement_over_a_window(database):
    now = utcnow()
    earlier = now - timedelta(days=40)
    with database.session() as s:
        r1 = add_report(s, event_type="fall", harm="mild", p=0.3).id
        r2 = add_report(s, event_type="medication", harm="moderate", p=0.3).id
        r3 = add_report(s, event_type="fall", harm="no_harm", p=0.3).id
        old = add_report(s, event_type="device", harm="mild", p=0.3).id
        qc = add_report(s, event_type="fall", harm="mild", p=0.99, qc_rate=1.0).id
    # Blind pairs: r1 agreed, r2 disagrees on event type and harm.
    _review(database, r1, A, now)
    _review(database, r1, B, now)
    _review(database, r2, A, now, event_type="other")
    _review(database, r2, B, now, harm="severe")
    # r3 was drawn for second review (rate 1.0) but not yet done: no pair.
    _review(database, r3, A, now, harm="mild")
    _review(database, old, A, earlier, event_type="fall")
    _review(database, old, B, earlier, event_type="fall")
    _review(database, qc, A, now)

    result = agreement(database, start=now - timedelta(days=1))
    pairs = result["inter_analyst"]
    assert pairs["pairs"] == 2
    assert pairs["event_type"]["observed_agreement"] == 0.5
    assert pairs["harm"]["observed_agreement"] == 0.5
    mva = result["model_vs_analyst"]
    reviewed = mva["reviewed"]
    assert reviewed["n"] == 4  # r1, r2, r3, qc: first reviews in the window
    assert mva["model_versions"] == {"m1": 4}
    assert reviewed["event_type"]["agreement"] == 0.75
    fall = reviewed["event_type"]["per_class"]["fall"]
    assert (fall["model"], fall["analyst"], fall["agreed"]) == (3, 3, 3)
    medication = reviewed["event_type"]["per_class"]["medication"]
    assert (medication["model"], medication["analyst"], medication["recall"]) == (
        1,
        0,
        None,
    )
    assert medication["precision"] == 0.0
    assert reviewed["harm"]["agreement"] == 0.75
    assert mva["quality_control"]["n"] == 1
    assert mva["quality_control"]["event_type"]["agreement"] == 1.0

    everything = agreement(database)
    assert everything["inter_analyst"]["pairs"] == 3
    assert everything["model_vs_analyst"]["reviewed"]["n"] == 5
    assert (
        agreement(database, model_version="m2")["model_vs_analyst"]["reviewed"]["n"]
        == 0
    )
    window_before = agreement(database, end=now - timedelta(days=1))
    assert window_before["inter_analyst"]["pairs"] == 1
    assert window_before["model_vs_analyst"]["reviewed"]["n"] == 1
