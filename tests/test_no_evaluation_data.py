"""The evaluation data in ../shared/data must never be copied into the repository.

Its README forbids it (PhysioNet's notes are GPL and real; presidio-synth is MIT), and
tuning examples are the easy way it would leak in: a test table or a comment quoting
a note. This scans the project's own text files for any 40-character stretch
(whitespace-normalised, case-folded) of an evaluation text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
WINDOW = 40
SCANNED = ("triage", "training", "tests", "bench", "docs", "scripts", "README.md")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".txt", ".html", ".js", ".cfg", ".toml"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def _evaluation_texts() -> list[str]:
    texts = []
    notes = DATA / "physionet-deid-dev" / "notes.jsonl"
    if notes.is_file():
        with notes.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    synth = DATA / "presidio-synth" / "synth_dataset_v2.json"
    if synth.is_file():
        texts += [item["full_text"] for item in json.loads(synth.read_text("utf-8"))]
    return texts


def _project_files() -> list[Path]:
    files = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in path.rglob("*") if p.suffix in SUFFIXES]
    return [p for p in files if p.is_file() and p.name != Path(__file__).name]


def test_no_stretch_of_evaluation_text_is_in_the_repository() -> None:
    texts = _evaluation_texts()
    if not texts:
        pytest.skip(f"no evaluation data at {DATA}")
    windows = {
        hash(norm[i : i + WINDOW])
        for norm in map(_norm, texts)
        for i in range(0, max(len(norm) - WINDOW + 1, 0))
    }
    hits = []
    for path in _project_files():
        body = _norm(path.read_text("utf-8", errors="replace"))
        for i in range(0, max(len(body) - WINDOW + 1, 0)):
            if hash(body[i : i + WINDOW]) in windows:
                hits.append(f"{path.relative_to(ROOT)} at char {i}")
                break
    assert not hits, "evaluation text copied into: " + ", ".join(hits)
