"""Train the project's PHI NER with spaCy on the labelled corpus (seeded, CPU, minutes).

Reads CORPUS/train.jsonl (fit) and CORPUS/dev.jsonl (model selection), converts the gold
PHI spans to spaCy entities, adds ICU-note-style notes from `training.phi_ner_augment`
(hard negatives: vitals, ranges, labs, doses), trains a small NER with its own tok2vec
for at most `max_epochs` epochs, writes the best epoch to --out with a metrics.json.
Deterministic: no wall-clock budget, so the same data and seed give the same model.
The Deidentifier loads it from the path in triage/pipelines/deid_config.yaml.

Usage:
``python -m training.train_phi_ner --corpus corpora/synthetic --out var/models/phi_ner``
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click
import spacy
import yaml
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import compounding, fix_random_seed, minibatch

from training import phi_ner_augment
from triage.corpus.records import Record, read_jsonl
from triage.errors import ConfigError

DEFAULT_CONFIG = Path(__file__).with_name("phi_ner.yaml")
LABELS = ("PERSON", "DATE", "AGE", "PHONE", "EMAIL", "ID", "LOCATION", "URL", "IP")
_KEYS = {
    "seed",
    "max_epochs",
    "patience",
    "augment_notes",
    "dropout",
    "batch_start",
    "batch_end",
    "learn_rate",
    "width",
    "depth",
    "embed_size",
    "hidden_width",
    "upper_share",
    "lower_share",
}


def load_config(path: Path) -> dict[str, Any]:
    """The validated hyperparameters (ConfigError on a missing or bad file)."""
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("phi_ner_config_missing", f"not found: {path}") from exc
    if not isinstance(cfg, dict) or set(cfg) != _KEYS:
        raise ConfigError(
            "phi_ner_config_invalid", f"{path} must have exactly {sorted(_KEYS)}"
        )
    return cfg


def build_pipeline(cfg: dict[str, Any]) -> Language:
    """A blank English pipeline with one NER that owns its (small) tok2vec."""
    nlp = spacy.blank("en")
    model = {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": cfg["hidden_width"],
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": cfg["width"],
            "depth": cfg["depth"],
            "embed_size": cfg["embed_size"],
            "window_size": 1,
            "maxout_pieces": 3,
            "subword_features": True,
        },
    }
    ner = nlp.add_pipe("ner", config={"model": model})
    for label in LABELS:
        ner.add_label(label)  # type: ignore[attr-defined]
    return nlp


def to_doc(nlp: Language, text: str, spans: Iterable[tuple[str, int, int]]) -> Doc:
    """A Doc of the text with the gold spans as entities (expanded to tokens)."""
    doc = nlp.make_doc(text)
    ents = []
    taken: set[int] = set()
    for label, start, end in sorted(spans, key=lambda s: s[1]):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        ents.append(span)
    doc.ents = ents
    return doc


def examples(
    nlp: Language,
    records: Sequence[Record],
    cfg: dict[str, Any] | None,
    rng: random.Random,
) -> list[Example]:
    """Training examples; with cfg, plus ALL-CAPS and lower-case copies of some."""
    out = []
    for rec in records:
        spans = [(p.type, p.start, p.end) for p in rec.phi]
        variants = [rec.text]
        if cfg is not None:
            if rng.random() < cfg["upper_share"]:
                variants.append(rec.text.upper())
            if rng.random() < cfg["lower_share"]:
                variants.append(rec.text.lower())
        for text in variants:
            if len(text) != len(rec.text):  # case mapping changed length: offsets break
                continue
            gold = to_doc(nlp, text, spans)
            out.append(Example(nlp.make_doc(text), gold))
    return out


def score(nlp: Language, dev: Sequence[Example]) -> dict[str, float]:
    """Entity precision/recall/F on dev (exact spans, spaCy's scorer)."""
    scored = Scorer.score_spans(
        [Example(nlp(ex.reference.text), ex.reference) for ex in dev], "ents"
    )
    return {k: float(scored[k] or 0.0) for k in ("ents_p", "ents_r", "ents_f")}


def train(
    corpus: Path, out: Path, config_path: Path = DEFAULT_CONFIG, log=print
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Train, early-stop on dev recall-weighted F, write the best model and metrics."""
    cfg = load_config(config_path)
    for split in ("train", "dev"):
        if not (corpus / f"{split}.jsonl").is_file():
            raise ConfigError(
                "corpus_split_missing",
                f"{corpus / f'{split}.jsonl'} not found; build the corpus first "
                "(triage corpus build)",
            )
    fix_random_seed(cfg["seed"])
    rng = random.Random(cfg["seed"])
    train_recs = list(read_jsonl(corpus / "train.jsonl"))
    dev_recs = list(read_jsonl(corpus / "dev.jsonl"))
    nlp = build_pipeline(cfg)
    train_ex = examples(nlp, train_recs, cfg, rng)
    aug = phi_ner_augment.generate(cfg["augment_notes"], cfg["seed"])
    train_ex += [
        Example(nlp.make_doc(n.text), to_doc(nlp, n.text, n.spans)) for n in aug
    ]
    dev_ex = examples(nlp, dev_recs, None, rng)
    optimizer = nlp.initialize(lambda: train_ex)
    optimizer.learn_rate = cfg["learn_rate"]
    best_f2, best_epoch, history = -1.0, -1, []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        best_dir = Path(tmp) / "best"
        for epoch in range(cfg["max_epochs"]):
            rng.shuffle(train_ex)
            losses: dict[str, float] = {}
            for batch in minibatch(
                train_ex, size=compounding(cfg["batch_start"], cfg["batch_end"], 1.001)
            ):
                nlp.update(batch, drop=cfg["dropout"], sgd=optimizer, losses=losses)
            m = score(nlp, dev_ex)
            p, r = m["ents_p"], m["ents_r"]
            f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
            history.append(
                {
                    "epoch": epoch,
                    "loss": round(float(losses.get("ner", 0.0)), 2),
                    **m,
                    "f2": float(f2),
                }
            )
            log(
                f"epoch {epoch:2d} loss {losses.get('ner', 0.0):8.1f} "
                f"dev P {p:.3f} R {r:.3f} F2 {f2:.3f}"
            )
            if f2 > best_f2:
                best_f2, best_epoch = f2, epoch
                nlp.to_disk(best_dir)
            elif epoch - best_epoch >= cfg["patience"]:
                log("early stop")
                break
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(best_dir, out)
    best = spacy.load(out)
    best.meta["name"] = "phi_ner"
    best.meta["description"] = "PSO Triage PHI NER (training/train_phi_ner.py)"
    best.meta["version"] = "0.1.0"
    best.to_disk(out)
    metrics = {
        "best_epoch": best_epoch,
        "dev": history[best_epoch],
        "history": history,
        "seed": cfg["seed"],
        "n_train": len(train_recs),
        "n_dev": len(dev_recs),
        "n_augment": len(aug),
        "config": cfg,
        "seconds": round(time.monotonic() - t0, 1),
    }
    (out / "metrics.json").write_text(
        json.dumps(metrics, indent=2) + "\n", encoding="utf-8"
    )
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    log(
        f"best epoch {best_epoch}: dev F2 {best_f2:.3f}; "
        f"wrote {out} ({size / 1e6:.1f} MB)"
    )
    return metrics


@click.command()
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder with train.jsonl and dev.jsonl.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Model directory to (over)write.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG,
    show_default=True,
)
def main(corpus: Path, out: Path, config_path: Path) -> None:
    """Train the PHI NER and write it to --out."""
    from triage.errors import TriageError

    try:
        train(corpus, out, config_path, log=lambda s: click.echo(s, err=True))
    except TriageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
