"""Shared, cached tiny training data and models for the coding-model tests.

Not a test module of its own: the model tests import these helpers. Everything is
built once per test session (functools.cache) on a small stratified subset, so the
whole coding suite trains in seconds.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import yaml

from training.train_coding import train
from triage.corpus.markup import read_handwritten
from triage.corpus.records import Record, read_jsonl, write_jsonl
from triage.corpus.splits import split
from triage.models.config import default_config_path

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "synthetic"
PER_SPLIT = {"train": 360, "dev": 150, "test": 120}


def _thin(records: list[Record], n: int) -> list[Record]:
    """Every k-th record (deterministic), hand-written ones first."""
    records = sorted(records, key=lambda r: (r.source != "handwritten", r.id))
    step = max(1, len(records) // n)
    return records[::step][:n]


@cache
def tiny_splits() -> dict[str, list[Record]]:
    """Small train/dev/test subsets of the corpus (or of the hand-written set)."""
    if all((CORPUS / f"{s}.jsonl").is_file() for s in PER_SPLIT):
        parts = {s: list(read_jsonl(CORPUS / f"{s}.jsonl")) for s in PER_SPLIT}
    else:
        parts = split(read_handwritten(CORPUS / "handwritten"))
    return {s: _thin(parts[s], n) for s, n in PER_SPLIT.items()}


@cache
def tiny_config() -> Path:
    """The committed coding config without augmentation: tiny models stay tiny."""
    raw = yaml.safe_load(default_config_path().read_text("utf-8"))
    raw["augmentation"]["generated"] = 0
    folder = Path(tempfile.mkdtemp(prefix="triage-tiny-config-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "coding.yaml"
    path.write_text(yaml.safe_dump(raw), "utf-8")
    return path


@cache
def tiny_data_dir() -> Path:
    """A folder with train/dev/test.jsonl of the tiny splits."""
    folder = Path(tempfile.mkdtemp(prefix="triage-tiny-data-"))
    atexit.register(shutil.rmtree, folder, True)
    for name, records in tiny_splits().items():
        write_jsonl(folder / f"{name}.jsonl", records)
    return folder


@cache
def tiny_model_dir() -> Path:
    """A model directory trained on the tiny splits (do not modify: copy first)."""
    folder = Path(tempfile.mkdtemp(prefix="triage-tiny-model-"))
    atexit.register(shutil.rmtree, folder, True)
    out = folder / "model"
    train(tiny_data_dir(), out, tiny_config())
    return out


def copy_model(dest: Path) -> Path:
    """A private copy of the tiny model, safe to tamper with."""
    target = dest / "model"
    shutil.copytree(tiny_model_dir(), target)
    return target
