"""Compare model versions on the same labelled set, and gate promotion on it.

`compare_versions` scores a candidate and the active model on one gold set (the
held-out reviewed labels, or the corpus test split while too few reviews are held
out) and keeps both results in the model_versions table under the set's fingerprint.
`check_promotion` then refuses a candidate that is worse than the active model on any
configured metric, on the latest set both were scored on, unless forced; with no such
set it refuses too, since "better" would be unknown.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from triage.corpus.records import Record
from triage.errors import TriageError
from triage.models.coder import Coder
from triage.models.registry import ModelRegistry
from triage.store.db import Database
from triage.store.models import ModelVersionRecord, utcnow

LOWER_IS_BETTER = frozenset({"harm_mean_ordinal_error"})
# Below this many held-out reviewed records, compare on the corpus test split instead.
MIN_HELDOUT = 30


class ModelWorse(TriageError):
    """The candidate scores worse than the active model on a gated metric."""

    http_status = 409
    default_code = "model_worse"


class ModelNotCompared(TriageError):
    """Candidate and active model were never scored on the same labelled set."""

    http_status = 409
    default_code = "model_not_compared"


def gold_key(records: Sequence[Record]) -> str:
    """A fingerprint of a labelled set (ids, codes and text, order-independent)."""
    digest = hashlib.sha256()
    for line in sorted(r.to_json() for r in records):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _clean(metrics: dict[str, float]) -> dict[str, float | None]:
    return {
        k: (None if v is None or math.isnan(v) else round(float(v), 4))
        for k, v in metrics.items()
    }


def score_version(
    registry: ModelRegistry, version: str, records: Sequence[Record]
) -> dict[str, float | None]:
    """The headline metrics of one registered version on records."""
    from training.evaluate_coding import headline, score

    registry.manifest(version)  # validates the id and that it is registered
    coder = Coder.load(registry.versions_dir / version)
    return _clean(headline(score(coder, records)))


def record_evaluation(
    db: Database,
    version: str,
    key: str,
    basis: str,
    n: int,
    metrics: dict[str, float | None],
) -> None:
    """Keep a version's scores on one labelled set (replacing an earlier run)."""
    with db.session() as s:
        row = s.get(ModelVersionRecord, version)
        if row is None:
            row = ModelVersionRecord(version=version, metrics={}, active=False)
            s.add(row)
        evaluations = dict((row.metrics or {}).get("evaluations", {}))
        evaluations[key] = {
            "basis": basis,
            "n": n,
            "at": utcnow().isoformat(),
            "metrics": metrics,
        }
        row.metrics = {**(row.metrics or {}), "evaluations": evaluations}


def evaluations(db: Database, version: str) -> dict[str, Any]:
    """Every stored evaluation of a version, by labelled-set fingerprint."""
    with db.session() as s:
        row = s.get(ModelVersionRecord, version)
        return dict((row.metrics or {}).get("evaluations", {})) if row else {}


@dataclass(frozen=True)
class Comparison:
    """Candidate and active model on one labelled set, and where the candidate lost."""

    candidate: str
    active: str
    key: str
    basis: str
    n: int
    candidate_metrics: dict[str, float | None]
    active_metrics: dict[str, float | None]
    worse: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "candidate": self.candidate,
            "active": self.active,
            "basis": self.basis,
            "set": self.key,
            "n": self.n,
            "candidate_metrics": self.candidate_metrics,
            "active_metrics": self.active_metrics,
            "worse": self.worse,
        }


def judge(
    candidate: str,
    active: str,
    key: str,
    cand_eval: dict[str, Any],
    act_eval: dict[str, Any],
    metrics: Sequence[str],
    tolerance: float,
) -> Comparison:
    """Where the candidate is worse than the active model beyond tolerance."""
    cm, am = cand_eval["metrics"], act_eval["metrics"]
    worse: dict[str, dict[str, float]] = {}
    for name in metrics:
        c, a = cm.get(name), am.get(name)
        if c is None or a is None:
            continue  # undefined on this set (e.g. kappa with one class): no verdict
        lost = c > a + tolerance if name in LOWER_IS_BETTER else c < a - tolerance
        if lost:
            worse[name] = {"candidate": c, "active": a}
    return Comparison(
        candidate,
        active,
        key,
        str(cand_eval["basis"]),
        int(cand_eval["n"]),
        cm,
        am,
        worse,
    )


def latest_comparison(
    db: Database,
    candidate: str,
    active: str,
    metrics: Sequence[str],
    tolerance: float,
) -> Comparison | None:
    """The comparison on the latest set both versions were scored on, if any."""
    cand, act = evaluations(db, candidate), evaluations(db, active)
    shared = [k for k in cand if k in act]
    if not shared:
        return None
    key = max(shared, key=lambda k: str(cand[k]["at"]))
    return judge(candidate, active, key, cand[key], act[key], metrics, tolerance)


def compare_versions(
    db: Database,
    registry: ModelRegistry,
    candidate: str,
    against: str,
    records: Sequence[Record],
    basis: str,
    metrics: Sequence[str],
    tolerance: float,
) -> Comparison:
    """Score both versions on records, keep the scores, and judge the candidate."""
    key = gold_key(records)
    for version in dict.fromkeys((candidate, against)):
        record_evaluation(
            db,
            version,
            key,
            basis,
            len(records),
            score_version(registry, version, records),
        )
    cand, act = evaluations(db, candidate), evaluations(db, against)
    return judge(candidate, against, key, cand[key], act[key], metrics, tolerance)


def check_promotion(
    db: Database,
    registry: ModelRegistry,
    candidate: str,
    metrics: Sequence[str],
    tolerance: float,
    force: bool = False,
) -> Comparison | None:
    """Raise unless the candidate may replace the active model; the comparison used."""
    registry.manifest(candidate)
    active = registry.active_version()
    if active is None or active == candidate:
        return None
    comparison = latest_comparison(db, candidate, active, metrics, tolerance)
    if force:
        return comparison
    if comparison is None:
        raise ModelNotCompared(
            message=(
                f"{candidate} was never scored beside the active model {active}; "
                "compare them first or promote with force"
            )
        )
    if comparison.worse:
        raise ModelWorse(
            message=(
                f"{candidate} is worse than {active} on "
                f"{', '.join(comparison.worse)}; promote with force to override"
            ),
            worse=comparison.worse,
            basis=comparison.basis,
            n=comparison.n,
        )
    return comparison


def mark_active(db: Database, version: str) -> None:
    """Mirror the registry's active version in the model_versions table."""
    now = utcnow()
    with db.session() as s:
        for row in s.scalars(
            select(ModelVersionRecord).where(ModelVersionRecord.active.is_(True))
        ):
            row.active = False
        current = s.get(ModelVersionRecord, version)
        if current is None:
            current = ModelVersionRecord(version=version, metrics={})
            s.add(current)
        current.active = True
        current.activated_at = now
