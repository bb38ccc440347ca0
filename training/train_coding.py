"""Train every coding target from a corpus folder and write a versioned model directory.

Reads DIR/train.jsonl (fit) and DIR/dev.jsonl (temperature calibration, factor
thresholds and the error-risk estimator), redacting each record from its gold PHI
spans so training does not depend on the de-identifier. The sklearn path has no
random component (lbfgs logistic regression), so the same data and config give the
same artifacts and metrics; the seed is recorded and used by the optional spaCy
textcat comparison.

Usage: ``triage train --data DIR --out MODEL_DIR`` (or
``python -m training.train_coding --data DIR --out MODEL_DIR``).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import spacy
from tqdm import tqdm

from training.evaluate_coding import evaluate, headline
from triage import taxonomy
from triage.corpus.records import Record, read_jsonl
from triage.errors import ConfigError, ModelError
from triage.models import artifacts
from triage.models.coder import INCIDENT, Coder
from triage.models.config import CodingConfig
from triage.models.error_risk import ErrorRiskClassifier
from triage.models.gold import factor_matrix, redact_gold
from triage.models.linear import CalibratedLinearClassifier
from triage.models.multilabel import ThresholdedMultiLabelClassifier
from triage.models.ordinal import OrdinalHarmClassifier
from triage.pipelines.features import NarrativeFeaturizer, NarrativeVectorizer

DATA_FILES = ("train.jsonl", "dev.jsonl")


def fingerprint(data_dir: Path) -> dict[str, Any]:
    """sha256 of each training data file and of them together."""
    files = {}
    total = hashlib.sha256()
    for name in DATA_FILES:
        path = data_dir / name
        if not path.is_file():
            raise ConfigError("training_data_missing", f"no {name} in {data_dir}")
        digest = artifacts.sha256_file(path)
        files[name] = digest
        total.update(f"{name}:{digest}\n".encode())
    return {"files": files, "sha256": total.hexdigest()}


@contextmanager
def _step(bar: tqdm, label: str) -> Iterator[None]:
    bar.set_description(label)
    yield
    bar.update(1)


def fit_coder(
    train: Sequence[Record],
    dev: Sequence[Record],
    config: CodingConfig,
    progress: bool = False,
) -> Coder:
    """Fit all targets on train, calibrate them on dev; an unversioned coder."""
    tax = taxonomy.load()
    fc = config.features
    bar = tqdm(total=6, disable=not progress, unit="step", file=sys.stderr)
    with _step(bar, "features"):
        vectorizer = NarrativeVectorizer(
            featurizer=NarrativeFeaturizer(
                spacy_model=fc.spacy_model,
                lemmatize=fc.lemmatize,
                negation_window=fc.negation_window,
                outcome_cues=fc.outcome_cues,
            ),
            word_ngram_range=fc.word_ngram_range,
            word_min_df=fc.word_min_df,
            word_max_features=fc.word_max_features,
            char_ngram_range=fc.char_ngram_range,
            char_min_df=fc.char_min_df,
            char_max_features=fc.char_max_features,
        )
        X = vectorizer.fit_transform([redact_gold(r) for r in train])
        Xd = vectorizer.transform([redact_gold(r) for r in dev])

    weight = np.asarray([config.source_weights.get(r.source, 1.0) for r in train])

    def labels(records: Sequence[Record], target: str) -> np.ndarray:
        return np.asarray([getattr(r, target) for r in records], dtype=object)

    single = {}
    for target in ("event_type", "event_kind"):
        with _step(bar, target):
            c = getattr(config, target)
            model = CalibratedLinearClassifier(
                C=c.C, class_weight=c.class_weight, max_iter=c.max_iter
            )
            single[target] = model.fit(X, labels(train, target), weight).calibrate(
                Xd, labels(dev, target)
            )
    with _step(bar, "harm"):
        h = config.harm
        inc = labels(train, "event_kind") == INCIDENT
        inc_d = labels(dev, "event_kind") == INCIDENT
        harm = OrdinalHarmClassifier(
            C=h.C,
            class_weight=h.class_weight,
            max_iter=h.max_iter,
            unknown_threshold=h.unknown_threshold,
        )
        harm.fit(X[inc], labels(train, "harm")[inc], weight[inc])
        harm.calibrate(Xd[inc_d], labels(dev, "harm")[inc_d])
    with _step(bar, "factors"):
        f = config.factors
        codes = tax.codes("factors")
        factors = ThresholdedMultiLabelClassifier(
            labels=codes,
            C=f.C,
            class_weight=f.class_weight,
            max_iter=f.max_iter,
            min_threshold=f.min_threshold,
            max_threshold=f.max_threshold,
        )
        factors.fit(X, factor_matrix(train, codes), weight).calibrate(
            Xd, factor_matrix(dev, codes)
        )
    with _step(bar, "coder"):
        coder = Coder(
            vectorizer,
            single["event_type"],
            single["event_kind"],
            harm,
            factors,
            alternatives=config.alternatives,
            evidence_terms=config.evidence_terms,
        )
        if config.error_risk.enabled:
            coder.error_risk = fit_error_risk(coder, Xd, dev, config.error_risk.C)
    bar.close()
    return coder


def fit_error_risk(
    coder: Coder, Xd: Any, dev: Sequence[Record], C: float
) -> ErrorRiskClassifier:
    """Learn P(event type or harm wrong) from the fitted coder's dev codings."""
    s = coder.score_matrix(Xd)
    types = np.asarray(coder.event_type.classes_)[s.event_type.argmax(axis=1)]
    wrong = np.array(
        [
            str(t) != r.event_type or str(h) != r.harm
            for t, h, r in zip(types, s.harm_codes, dev, strict=True)
        ]
    )
    features = coder.risk_features(
        s.event_type, s.event_kind, s.harm, s.harm_codes, s.factors
    )
    return ErrorRiskClassifier(C=C).fit(features, wrong)


def augmented(
    train: Sequence[Record], dev: Sequence[Record], config: CodingConfig
) -> list[Record]:
    """Generated narratives to add to train: deterministic, none equal to a dev or
    train text (so calibration and thresholds never see a training narrative)."""
    aug = config.augmentation
    if aug.generated == 0:
        return []
    from triage.corpus.generator import generate

    seen = {r.text for r in (*train, *dev)}
    out = []
    for record in generate(aug.generated, aug.seed):
        if record.text not in seen:
            seen.add(record.text)
            out.append(replace(record, id=f"aug-{record.id}"))
    return out


def train(
    data_dir: Path,
    out_dir: Path,
    config_path: Path | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Train from data_dir into a new out_dir; returns the manifest."""
    config = CodingConfig.load(config_path)
    data = fingerprint(data_dir)
    train_records = list(read_jsonl(data_dir / "train.jsonl"))
    dev_records = list(read_jsonl(data_dir / "dev.jsonl"))
    if not train_records or not dev_records:
        raise ConfigError(
            "training_data_empty", "train.jsonl and dev.jsonl need records"
        )
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ModelError("model_dir_exists", f"{out_dir} exists and is not empty")
    started = time.perf_counter()
    extra = augmented(train_records, dev_records, config)
    coder = fit_coder([*train_records, *extra], dev_records, config, progress)
    seconds = time.perf_counter() - started
    dev_metrics = evaluate(coder, dev_records)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        hashes = {
            f"{name}.skops": artifacts.save_artifact(
                getattr(coder, name), out_dir / f"{name}.skops"
            )
            for name in (*artifacts.ARTIFACTS, *artifacts.OPTIONAL_ARTIFACTS)
            if getattr(coder, name) is not None
        }
    except Exception:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    created = datetime.now(UTC).replace(microsecond=0)
    content = hashlib.sha256("".join(sorted(hashes.values())).encode()).hexdigest()
    manifest = {
        "format": artifacts.FORMAT,
        "version": created.strftime("%Y%m%dT%H%M%SZ") + "-" + content[:8],
        "created": created.isoformat(),
        "training_data": {
            **data,
            "records": {
                "train": len(train_records),
                "dev": len(dev_records),
                "augmented": len(extra),
            },
        },
        "config": config.to_dict(),
        "taxonomy_version": taxonomy.load().version,
        "libraries": {"scikit-learn": sklearn.__version__, "spacy": spacy.__version__},
        "training_seconds": round(seconds, 2),
        "metrics": {
            "dev": {"overall": headline(dev_metrics["overall"])}
            | {k: headline(v) for k, v in dev_metrics["by_source"].items()}
        },
        "artifacts": hashes,
    }
    artifacts.write_manifest(out_dir, manifest)
    return manifest


if __name__ == "__main__":
    # The same command as `triage train`: one definition of its options.
    from triage.cli.coding import train

    train()  # type: ignore[call-arg]  # click parses sys.argv
