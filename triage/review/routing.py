"""Routing: which coded reports an analyst must see first, why, and in what order."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triage import taxonomy
from triage.config import ReviewThresholds

if TYPE_CHECKING:  # the model code is heavy; routing only reads a Coding's fields
    from triage.models.coder import Coding

# Reasons, in the order the queue shows them.
SEVERE_HARM = "severe_harm"
POSSIBLE_SEVERE_HARM = "possible_severe_harm"
PHI_REVIEW = "phi_review"
CONTRADICTION = "contradiction"
LOW_CONFIDENCE = "low_confidence"
QUALITY_CONTROL = "quality_control"
REASONS = (
    SEVERE_HARM,
    POSSIBLE_SEVERE_HARM,
    PHI_REVIEW,
    CONTRADICTION,
    LOW_CONFIDENCE,
    QUALITY_CONTROL,
)
SERIOUS_HARM = ("severe", "death")


@dataclass(frozen=True)
class CodeSummary:
    """The predicted codes and their probabilities routing looks at."""

    event_type: str
    event_type_p: float
    event_kind: str
    event_kind_p: float
    harm: str
    harm_p: float
    factor_probabilities: dict[str, float]
    # P(severe) + P(death): a report coded moderate may still be serious.
    harm_serious_p: float = 0.0
    # The model's P(event type or harm is wrong); None when the model has no estimate.
    error_risk: float | None = None

    @classmethod
    def from_coding(cls, coding: Coding) -> CodeSummary:
        """The routing inputs of one model coding."""
        harm_p = coding.harm_probabilities
        return cls(
            coding.event_type.code,
            coding.event_type.probability,
            coding.event_kind.code,
            coding.event_kind.probability,
            coding.harm.code,
            coding.harm.probability,
            dict(coding.factor_probabilities),
            sum(harm_p.get(code, 0.0) for code in SERIOUS_HARM),
            coding.error_risk,
        )


@dataclass(frozen=True)
class RoutingDecision:
    """Whether a report is queued, the reasons, and its priority (higher first)."""

    queued: bool
    reasons: tuple[str, ...]
    priority: float
    low_confidence_targets: tuple[str, ...] = ()


def contradictions(codes: CodeSummary) -> list[str]:
    """Code combinations the taxonomy rules out (e.g. a near miss with harm)."""
    found = []
    if (
        codes.event_kind in ("near_miss", "unsafe_condition")
        and codes.harm != "no_harm"
    ):
        found.append(f"{codes.event_kind}_with_harm")
    return found


def _qc_draw(report_key: str, rate: float) -> bool:
    # Deterministic per report, so a retry or a re-route gives the same answer and
    # the sample cannot be gamed by resubmitting.
    digest = hashlib.sha256(("qc:" + report_key).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


def _factor_uncertain(codes: CodeSummary, margin: float) -> bool:
    if margin <= 0:
        return False
    return any(abs(p - 0.5) < margin for p in codes.factor_probabilities.values())


def route(
    codes: CodeSummary,
    flags: tuple[str, ...],
    thresholds: ReviewThresholds,
    qc_rate: float,
    report_key: str,
) -> RoutingDecision:
    """Decide review routing for one coded report.

    Priority: harm first (death, severe, ...), then uncertainty (least confident
    first); age is the queue's tie-breaker. A QC-sampled report gets the priority
    its codes earn, so analysts cannot tell it apart.
    """
    tax = taxonomy.load()
    reasons: list[str] = []
    rank = tax.harm_rank(codes.harm)
    if codes.harm in SERIOUS_HARM:
        reasons.append(SEVERE_HARM)
    elif codes.harm_serious_p >= thresholds.serious_harm:
        reasons.append(POSSIBLE_SEVERE_HARM)
    if "phi_review" in flags:
        reasons.append(PHI_REVIEW)
    if contradictions(codes):
        reasons.append(CONTRADICTION)
    low = tuple(
        target
        for target, p in (
            ("event_type", codes.event_type_p),
            ("event_kind", codes.event_kind_p),
            ("harm", codes.harm_p),
        )
        if p < getattr(thresholds, target)
    )
    if _factor_uncertain(codes, thresholds.factors):
        low = (*low, "factors")
    if codes.error_risk is not None and codes.error_risk >= thresholds.error_risk:
        low = (*low, "overall")
    if low:
        reasons.append(LOW_CONFIDENCE)
    if not reasons and _qc_draw(report_key, qc_rate):
        reasons.append(QUALITY_CONTROL)
    confidence = min(codes.event_type_p, codes.event_kind_p, codes.harm_p)
    # Unknown harm ranks between no_harm and mild: it may hide a serious outcome.
    harm_level = rank if rank is not None else 1.5
    priority = round(harm_level * 10 + (1.0 - confidence) * 5, 4)
    return RoutingDecision(bool(reasons), tuple(reasons), priority, low)
