"""Review routing: reasons, priority order and the QC sample."""

from __future__ import annotations

import pytest

from triage.config import ReviewThresholds
from triage.review.routing import CodeSummary, contradictions, route

T = ReviewThresholds(event_type=0.6, event_kind=0.6, harm=0.5, factors=0.0)


def _codes(**kw) -> CodeSummary:
    base = dict(
        event_type="fall",
        event_type_p=0.95,
        event_kind="incident",
        event_kind_p=0.95,
        harm="mild",
        harm_p=0.9,
        factor_probabilities={},
    )
    base.update(kw)
    return CodeSummary(**base)


@pytest.mark.parametrize(
    ("codes", "flags", "reasons"),
    [
        (_codes(), (), ()),
        (_codes(harm="death"), (), ("severe_harm",)),
        (_codes(harm="severe", harm_p=0.3), (), ("severe_harm", "low_confidence")),
        (_codes(), ("phi_review",), ("phi_review",)),
        (_codes(event_kind="near_miss", harm="mild"), (), ("contradiction",)),
        (_codes(event_type_p=0.4), (), ("low_confidence",)),
        (_codes(event_kind="near_miss", harm="no_harm"), (), ()),
        (_codes(harm="moderate", harm_serious_p=0.25), (), ("possible_severe_harm",)),
        (_codes(harm="moderate", harm_serious_p=0.05), (), ()),
        # Coded severe already says it: no second harm reason.
        (_codes(harm="severe", harm_serious_p=0.9), (), ("severe_harm",)),
        # Confident on every target, yet likely wrong overall.
        (_codes(error_risk=0.3), (), ("low_confidence",)),
        (_codes(error_risk=0.01), (), ()),
        # A model without an error-risk estimator never routes on it.
        (_codes(error_risk=None), (), ()),
    ],
)
def test_reasons(codes, flags, reasons):
    decision = route(codes, flags, T, qc_rate=0.0, report_key="k")
    assert decision.reasons == reasons
    assert decision.queued == bool(reasons)


def test_low_confidence_names_targets():
    d = route(_codes(event_type_p=0.3, harm_p=0.2), (), T, 0.0, "k")
    assert d.low_confidence_targets == ("event_type", "harm")
    d = route(_codes(harm_p=0.2, error_risk=T.error_risk), (), T, 0.0, "k")
    assert d.low_confidence_targets == ("harm", "overall")


def test_priority_orders_harm_before_uncertainty():
    death_confident = route(_codes(harm="death", harm_p=0.99), (), T, 0.0, "a").priority
    severe_unsure = route(_codes(harm="severe", harm_p=0.3), (), T, 0.0, "b").priority
    mild_unsure = route(
        _codes(harm="mild", harm_p=0.1, event_type_p=0.1), (), T, 0.0, "c"
    ).priority
    mild_sure = route(_codes(harm="mild", event_type_p=0.55), (), T, 0.0, "d").priority
    assert death_confident > severe_unsure > mild_unsure > mild_sure


def test_qc_sample_rate_and_determinism():
    decisions = [route(_codes(), (), T, 0.1, f"r{i}") for i in range(4000)]
    share = sum(d.queued for d in decisions) / len(decisions)
    assert 0.08 < share < 0.12
    assert all(d.reasons in ((), ("quality_control",)) for d in decisions)
    again = [route(_codes(), (), T, 0.1, f"r{i}") for i in range(4000)]
    assert decisions == again


def test_qc_item_priority_matches_unsampled_twin():
    # Analysts must not be able to spot a QC item by its place in the queue.
    sampled = next(
        k
        for k in (f"r{i}" for i in range(1000))
        if route(_codes(), (), T, 0.5, k).queued
    )
    assert (
        route(_codes(), (), T, 0.5, sampled).priority
        == route(_codes(), (), T, 0.0, sampled).priority
    )


def test_contradictions():
    assert contradictions(_codes(event_kind="unsafe_condition", harm="severe")) == [
        "unsafe_condition_with_harm"
    ]
    assert contradictions(_codes()) == []


def test_summary_from_a_model_coding(processor):
    coding = processor.model.get().code(
        "Pt found pulseless after the pump ran the heparin at 10x the rate; code "
        "called, ROSC after 12 min, transferred to ICU intubated."
    )
    summary = CodeSummary.from_coding(coding)
    assert set(coding.harm_probabilities) == {
        "no_harm",
        "mild",
        "moderate",
        "severe",
        "death",
        "unknown",
    }
    assert sum(coding.harm_probabilities.values()) == pytest.approx(1.0)
    assert summary.harm_serious_p == pytest.approx(
        coding.harm_probabilities["severe"] + coding.harm_probabilities["death"]
    )
    assert summary.harm == coding.harm.code
    assert summary.harm_p == coding.harm.probability
    # The shipped model carries an error-risk estimator (training/coding.yaml).
    assert summary.error_risk == coding.error_risk
    assert coding.error_risk is not None and 0.0 <= coding.error_risk <= 1.0
