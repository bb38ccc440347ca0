"""The coder: a verified model set that turns redacted narratives into codes.

Harm and event kind are coupled the way the taxonomy defines them: near misses and
unsafe conditions are always no_harm, so the harm model is trained on incidents only
and its distribution is mixed with P(incident):
``P(harm) = P(incident) * P(harm | incident) + (1 - P(incident)) * [harm = no_harm]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from triage.errors import InputError, ModelError
from triage.models import artifacts
from triage.models.error_risk import ErrorRiskClassifier, risk_features
from triage.models.explanations import Evidence, explain
from triage.models.linear import CalibratedLinearClassifier
from triage.models.multilabel import ThresholdedMultiLabelClassifier
from triage.models.ordinal import OrdinalHarmClassifier
from triage.pipelines.features import Analysis, NarrativeVectorizer

NO_HARM = "no_harm"
INCIDENT = "incident"


@dataclass(frozen=True)
class Prediction:
    """One code with its probability, the runners-up and the evidence for it."""

    code: str
    probability: float
    alternatives: tuple[tuple[str, float], ...]
    evidence: tuple[str, ...]
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coding:
    """Every target's prediction for one narrative, and the model that made them."""

    event_type: Prediction
    event_kind: Prediction
    harm: Prediction
    factors: tuple[Prediction, ...]
    factor_probabilities: dict[str, float] = field(hash=False)
    model_version: str
    harm_probabilities: dict[str, float] = field(default_factory=dict, hash=False)
    # P(event type or harm is wrong), from the model's error-risk estimator; None for
    # a model trained before it existed.
    error_risk: float | None = None


@dataclass(frozen=True)
class _Scores:
    """Raw per-target outputs of a batch (for metrics without explanations)."""

    event_type: NDArray[np.float64]
    event_kind: NDArray[np.float64]
    harm: NDArray[np.float64]
    harm_codes: NDArray[Any]
    factors: NDArray[np.float64]
    factor_codes: NDArray[np.bool_]
    error_risk: NDArray[np.float64] | None = None


class Coder:
    """Codes redacted narratives with one trained, verified model set."""

    def __init__(
        self,
        vectorizer: NarrativeVectorizer,
        event_type: CalibratedLinearClassifier,
        event_kind: CalibratedLinearClassifier,
        harm: OrdinalHarmClassifier,
        factors: ThresholdedMultiLabelClassifier,
        version: str = "unversioned",
        alternatives: int = 3,
        evidence_terms: int = 4,
        error_risk: ErrorRiskClassifier | None = None,
    ):
        self.vectorizer = vectorizer
        self.event_type = event_type
        self.event_kind = event_kind
        self.harm = harm
        self.factors = factors
        self.version = version
        self.alternatives = alternatives
        self.evidence_terms = evidence_terms
        self.error_risk = error_risk
        self._incident = list(event_kind.classes_).index(INCIDENT)
        self._no_harm = list(harm.classes_).index(NO_HARM)
        # Per-code feature weights, computed once: explanations read them per request.
        self._weights: dict[tuple[str, str], NDArray[np.float64] | None] = {}
        for name in ("event_type", "event_kind"):
            model = getattr(self, name)
            for k, code in enumerate(model.classes_):
                self._weights[(name, str(code))] = model.class_weights(k)
        for code in harm.classes_:
            self._weights[("harm", str(code))] = harm.class_weights(str(code))
        for j, code in enumerate(factors.classes_):
            self._weights[("factors", str(code))] = factors.class_weights(j)

    @classmethod
    def load(cls, model_dir: Path) -> Coder:
        """Load a model directory after verifying every artifact's sha256."""
        manifest = artifacts.verify(model_dir)
        parts = {
            name: artifacts.load_artifact(model_dir / f"{name}.skops")
            for name in artifacts.ARTIFACTS
        }
        optional = {
            name: artifacts.load_artifact(model_dir / f"{name}.skops")
            for name in artifacts.OPTIONAL_ARTIFACTS
            if f"{name}.skops" in manifest["artifacts"]
        }
        expected = {
            "vectorizer": NarrativeVectorizer,
            "event_type": CalibratedLinearClassifier,
            "event_kind": CalibratedLinearClassifier,
            "harm": OrdinalHarmClassifier,
            "factors": ThresholdedMultiLabelClassifier,
        }
        if "error_risk" in optional:
            expected["error_risk"] = ErrorRiskClassifier
        parts |= optional
        for name, kind in expected.items():
            if not isinstance(parts[name], kind):
                raise ModelError(
                    "model_incompatible", f"artifact {name} is not a {kind.__name__}"
                )
        config = manifest["config"]
        coder = cls(
            version=str(manifest["version"]),
            alternatives=int(config.get("alternatives", 3)),
            evidence_terms=int(config.get("evidence_terms", 4)),
            **parts,
        )
        coder.code("Warm-up: builds the spaCy engine now, not on the first request.")
        return coder

    def scores(
        self, redacted_texts: Sequence[str]
    ) -> tuple[_Scores, list[Analysis], Any]:
        """Every target's probabilities and decisions for a batch (no explanations)."""
        texts = list(redacted_texts)
        analyses = self.vectorizer.featurizer_.analyse(texts)
        X = self.vectorizer.transform_docs([" ".join(a.features) for a in analyses])
        return self.score_matrix(X), analyses, X

    def score_matrix(self, X: Any) -> _Scores:
        """Every target's probabilities and decisions for vectorised narratives."""
        p_kind = self.event_kind.predict_proba(X)
        p_incident = p_kind[:, self._incident][:, None]
        p_harm = p_incident * self.harm.predict_proba(X)
        p_harm[:, self._no_harm] += 1.0 - p_incident[:, 0]
        p_factors = self.factors.predict_proba(X)
        p_type = self.event_type.predict_proba(X)
        harm_codes = self.harm.decide(p_harm)
        risk = None
        if self.error_risk is not None:
            risk = self.error_risk.predict_proba(
                self.risk_features(p_type, p_kind, p_harm, harm_codes, p_factors)
            )[:, 1]
        return _Scores(
            event_type=p_type,
            event_kind=p_kind,
            harm=p_harm,
            harm_codes=harm_codes,
            factors=p_factors,
            factor_codes=p_factors >= self.factors.thresholds_[None, :],
            error_risk=risk,
        )

    def risk_features(
        self,
        p_type: NDArray[np.float64],
        p_kind: NDArray[np.float64],
        p_harm: NDArray[np.float64],
        harm_codes: NDArray[Any],
        p_factors: NDArray[np.float64],
    ) -> NDArray[np.float64]:
        """The error-risk estimator's inputs for a batch of scores."""
        harm_classes = [str(c) for c in self.harm.classes_]
        chosen = np.array([harm_classes.index(str(c)) for c in harm_codes], dtype=int)
        return risk_features(
            p_type,
            p_kind,
            p_harm,
            chosen,
            harm_classes,
            p_factors,
            np.asarray(self.factors.thresholds_, dtype=np.float64),
        )

    def code(self, redacted_text: str) -> Coding:
        """Code one redacted narrative."""
        return self.code_batch([redacted_text])[0]

    def code_batch(self, redacted_texts: Sequence[str]) -> list[Coding]:
        """Code a batch of redacted narratives (one featurization pass for all)."""
        texts = list(redacted_texts)
        if any(not isinstance(t, str) for t in texts):
            raise InputError("text_not_string", "every narrative must be a string")
        if not texts:
            return []
        s, analyses, X = self.scores(texts)
        out = []
        for i, text in enumerate(texts):
            row, an = X[i], analyses[i]
            et = self._single("event_type", s.event_type[i], None, row, an, text)
            ek = self._single("event_kind", s.event_kind[i], None, row, an, text)
            hm = self._single("harm", s.harm[i], str(s.harm_codes[i]), row, an, text)
            factor_preds = tuple(
                self._factor(j, float(s.factors[i, j]), row, an, text)
                for j in np.argsort(-s.factors[i], kind="stable")
                if s.factor_codes[i, j]
            )
            out.append(
                Coding(
                    event_type=et,
                    event_kind=ek,
                    harm=hm,
                    factors=factor_preds,
                    factor_probabilities={
                        str(c): float(p)
                        for c, p in zip(
                            self.factors.classes_, s.factors[i], strict=True
                        )
                    },
                    model_version=self.version,
                    harm_probabilities={
                        str(c): float(p)
                        for c, p in zip(self.harm.classes_, s.harm[i], strict=True)
                    },
                    error_risk=(
                        None if s.error_risk is None else float(s.error_risk[i])
                    ),
                )
            )
        return out

    def _single(
        self,
        target: str,
        proba: NDArray[np.float64],
        chosen: str | None,
        row: Any,
        analysis: Analysis,
        text: str,
    ) -> Prediction:
        classes = [str(c) for c in getattr(self, target).classes_]
        k = int(np.argmax(proba)) if chosen is None else classes.index(chosen)
        order = [j for j in np.argsort(-proba, kind="stable") if j != k][
            : self.alternatives
        ]
        ev = self._evidence(row, self._weights[(target, classes[k])], analysis, text)
        return Prediction(
            code=classes[k],
            probability=float(proba[k]),
            alternatives=tuple((classes[j], float(proba[j])) for j in order),
            evidence=tuple(e.term for e in ev),
            sentences=_unique(e.sentence for e in ev),
        )

    def _factor(
        self, j: int, p: float, row: Any, analysis: Analysis, text: str
    ) -> Prediction:
        code = str(self.factors.classes_[j])
        ev = self._evidence(row, self._weights[("factors", code)], analysis, text)
        return Prediction(
            code=code,
            probability=p,
            alternatives=(),
            evidence=tuple(e.term for e in ev),
            sentences=_unique(e.sentence for e in ev),
        )

    def _evidence(
        self,
        row: Any,
        weights: NDArray[np.float64] | None,
        analysis: Analysis,
        text: str,
    ) -> tuple[Evidence, ...]:
        return explain(
            row,
            weights,
            self.vectorizer.word_features_,
            analysis,
            text,
            self.evidence_terms,
        )


def _unique(items: Any) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen[item] = None
    return tuple(seen)
