"""Compare spaCy text classifiers with the sklearn coder on the same splits.

``python -m training.compare_textcat --data DIR [--model SKLEARN_MODEL_DIR]
[--arch bow|ensemble] [--epochs 12] [--gold test.jsonl]``

Trains one spaCy pipeline with a `textcat` per single-label target (exclusive) and a
`textcat_multilabel` for factors on DIR/train.jsonl (gold-redacted text, placeholders
masked the same way as the sklearn featurizer), tunes factor thresholds on dev like
the sklearn model, and prints the issue's headline numbers for both systems (and their
probability average, "ensemble") on the gold file, overall and per source. Harm is
a plain 6-way classifier here (textcat has no ordinal mode). Writes the table as JSON
to ``--out`` when given. Not part of the shipped model: a measurement.
"""

from __future__ import annotations

import json
import random
import time
from functools import partial
from pathlib import Path
from typing import Any

import click
import numpy as np
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from triage import taxonomy
from triage.corpus.records import Record, read_jsonl
from triage.models import metrics
from triage.models.coder import Coder
from triage.models.config import CodingConfig
from triage.models.gold import factor_matrix, redact_gold
from triage.models.multilabel import best_threshold
from triage.pipelines.features import mask_placeholders

SINGLE = ("event_type", "event_kind", "harm")
ARCHS: dict[str, dict[str, Any] | None] = {
    "bow": {
        "@architectures": "spacy.TextCatBOW.v3",
        "ngram_size": 2,
        "no_output_layer": False,
    },
    "ensemble": None,  # spaCy's default textcat model (tok2vec CNN + BOW)
}


def _cats(rec: Record, target: str) -> dict[str, float]:
    codes = taxonomy.load().codes(target)
    if target == "factors":
        return {c: float(c in rec.factors) for c in codes}
    return {c: float(getattr(rec, target) == c) for c in codes}


def train_textcat(
    train: list[Record], arch: str, epochs: int, seed: int
) -> dict[str, spacy.language.Language]:
    """Per target, a blank English pipeline with one text classifier."""
    tax = taxonomy.load()
    texts = [mask_placeholders(redact_gold(r)) for r in train]
    out = {}
    for target in (*SINGLE, "factors"):
        fix_random_seed(seed)
        nlp = spacy.blank("en")
        factory = "textcat_multilabel" if target == "factors" else "textcat"
        config: dict[str, Any] = {}
        model = ARCHS[arch]
        if model is not None:
            config["model"] = {**model, "exclusive_classes": target != "factors"}
        pipe = nlp.add_pipe(factory, config=config)
        for code in tax.codes(target):
            pipe.add_label(code)  # type: ignore[attr-defined]
        examples = [
            Example.from_dict(nlp.make_doc(t), {"cats": _cats(r, target)})
            for t, r in zip(texts, train, strict=True)
        ]
        optimizer = nlp.initialize(partial(list, examples))
        rng = random.Random(seed)
        for _ in range(epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=16):
                nlp.update(batch, sgd=optimizer, losses={})
        out[target] = nlp
    return out


def textcat_scores(
    pipelines: dict[str, spacy.language.Language], records: list[Record]
) -> dict[str, Any]:
    """Per target, a records x codes probability matrix (taxonomy order)."""
    tax = taxonomy.load()
    texts = [mask_placeholders(redact_gold(r)) for r in records]
    out = {}
    for target, nlp in pipelines.items():
        codes = tax.codes(target)
        docs = nlp.pipe(texts)
        out[target] = np.array([[d.cats[c] for c in codes] for d in docs])
    return out


def sklearn_scores(coder: Coder, records: list[Record]) -> dict[str, Any]:
    """The sklearn coder's probabilities in the same layout."""
    tax = taxonomy.load()
    s, _, _ = coder.scores([redact_gold(r) for r in records])
    out = {}
    for target in SINGLE:
        classes = [str(c) for c in getattr(coder, target).classes_]
        proba = getattr(s, target)
        out[target] = np.column_stack(
            [
                proba[:, classes.index(c)] if c in classes else np.zeros(len(records))
                for c in tax.codes(target)
            ]
        )
    out["factors"] = s.factors
    out["harm_codes"] = np.asarray([str(c) for c in s.harm_codes])  # median rule
    return out


def headline(
    scores: dict[str, Any], records: list[Record], thresholds: np.ndarray
) -> dict[str, float]:
    """The issue's headline numbers (+ ECE) from probability matrices (argmax)."""
    tax = taxonomy.load()
    out: dict[str, float] = {}
    for target in SINGLE:
        codes = tax.codes(target)
        proba = scores[target]
        pred = [codes[k] for k in proba.argmax(axis=1)]
        if target == "harm" and "harm_codes" in scores:
            pred = list(scores["harm_codes"])
        gold = [getattr(r, target) for r in records]
        conf = proba[np.arange(len(pred)), [codes.index(c) for c in pred]]
        m = metrics.single_label(gold, pred, conf, codes)
        if target == "event_type":
            out["event_type_macro_f1"] = m["macro_f1"]
            out["event_type_ece"] = m["ece"]
        elif target == "event_kind":
            out["event_kind_accuracy"] = m["accuracy"]
        else:
            o = metrics.ordinal(gold, pred, tax.ordered_harm)
            out["harm_qwk"] = o.get("qwk", float("nan"))
            out["harm_mean_ordinal_error"] = o.get("mean_ordinal_error", float("nan"))
    codes = tax.codes("factors")
    Y = factor_matrix(records, codes)
    m = metrics.multi_label(
        Y, scores["factors"] >= thresholds, scores["factors"], codes
    )
    out["factors_micro_f1"] = m["micro_f1"]
    return out


def tune(
    scores: dict[str, Any], records: list[Record], config: CodingConfig
) -> np.ndarray:
    """Per-label factor thresholds tuned on dev (same rule as the sklearn model)."""
    Y = factor_matrix(records, taxonomy.load().codes("factors"))
    lo, hi = config.factors.min_threshold, config.factors.max_threshold
    return np.array(
        [
            best_threshold(scores["factors"][:, j], Y[:, j], lo, hi)
            for j in range(Y.shape[1])
        ]
    )


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A trained sklearn model directory to compare with.",
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Scored file (default: DATA/test.jsonl).",
)
@click.option(
    "--arch", type=click.Choice(sorted(ARCHS)), default="bow", show_default=True
)
@click.option("--epochs", type=int, default=12, show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None)
def main(
    data_dir: Path,
    model_dir: Path | None,
    gold: Path | None,
    arch: str,
    epochs: int,
    out: Path | None,
) -> None:
    """Train spaCy textcat on DIR and print it beside the sklearn coder."""
    config = CodingConfig.load()
    train = list(read_jsonl(data_dir / "train.jsonl"))
    dev = list(read_jsonl(data_dir / "dev.jsonl"))
    test = list(read_jsonl(gold or data_dir / "test.jsonl"))
    start = time.perf_counter()
    nlp = train_textcat(train, arch, epochs, config.seed)
    train_s = time.perf_counter() - start
    systems: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    systems[f"textcat-{arch}"] = (textcat_scores(nlp, dev), textcat_scores(nlp, test))
    start = time.perf_counter()
    textcat_scores(nlp, test)
    tc_rate = len(test) / (time.perf_counter() - start)
    if model_dir is not None:
        coder = Coder.load(model_dir)
        systems["sklearn"] = (sklearn_scores(coder, dev), sklearn_scores(coder, test))
        a, b = systems[f"textcat-{arch}"], systems["sklearn"]
        systems["ensemble"] = tuple(  # type: ignore[assignment]
            {k: (x[k] + y[k]) / 2 for k in (*SINGLE, "factors")}
            for x, y in zip(a, b, strict=True)
        )
    subsets = {"overall": test}
    for source in sorted({r.source for r in test}):
        subsets[source] = [r for r in test if r.source == source]
    table: dict[str, Any] = {"textcat_train_s": train_s, "textcat_per_s": tc_rate}
    for name, (dev_scores, test_scores) in systems.items():
        thresholds = tune(dev_scores, dev, config)
        for subset, recs in subsets.items():
            idx = (
                [i for i, r in enumerate(test) if r in recs]
                if subset != "overall"
                else None
            )
            sc = (
                test_scores
                if idx is None
                else {k: v[idx] for k, v in test_scores.items()}
            )
            table[f"{name}/{subset}"] = headline(sc, recs, thresholds)
    click.echo(
        f"textcat ({arch}) trained in {train_s:.1f}s; scores {tc_rate:.0f} narratives/s"
    )
    keys = list(next(v for k, v in table.items() if "/" in k))
    click.echo(f"{'system/subset':<30}" + "".join(f"{k[:22]:>24}" for k in keys))
    for name, row in table.items():
        if "/" in name:
            click.echo(f"{name:<30}" + "".join(f"{row[k]:>24.3f}" for k in keys))
    if out:
        out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
