"""Reviewed reports as labelled records, ready for `triage train`.

Each report an analyst reviewed becomes one record in the corpus format
(triage.corpus.records) with the latest analyst codes, its redacted text, ``phi: []``
(the text is already de-identified) and source ``reviewed``. Reports still flagged for
PHI review are left out unless asked for: their text may hold a missed identifier,
which a model's vocabulary must not learn.

Reviewed records fall into train, dev or a held-out set by a hash of the report id, so
a report stays in the same part across exports and the held-out set never leaks into
training. With a corpus folder, its train and dev splits are added to ours, giving a
folder `triage train --data` takes as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from triage.aggregates.basis import latest_reviews
from triage.corpus.records import Record, read_jsonl, validate, write_jsonl
from triage.errors import InputError
from triage.store.db import Database
from triage.store.models import Coding, Report

PREFIX = "reviewed-"
SPLITS = ("train", "dev", "heldout")
REVIEWED_FILE = "reviewed.jsonl"
HELDOUT_FILE = "heldout.jsonl"


@dataclass(frozen=True)
class ExportSummary:
    """How many records went where, and how many reviewed reports were left out."""

    written: dict[str, int]
    reviewed: int
    skipped_phi_review: int
    skipped_invalid: int
    corpus: dict[str, int] = field(default_factory=dict)


def split_of(report_id: str, heldout: float, dev: float) -> str:
    """The part a reviewed report belongs to (stable for a given id and shares)."""
    digest = hashlib.sha256(("labels:" + report_id).encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    if u < heldout:
        return "heldout"
    if u < heldout + dev:
        return "dev"
    return "train"


@dataclass(frozen=True)
class Labelled:
    """One reviewed report: its record, or why it is left out."""

    report_id: str
    record: Record | None
    left_out: str | None = None  # "phi_review" or "invalid"


def reviewed_records(
    db: Database, include_phi_flagged: bool = False
) -> Iterator[Labelled]:
    """Every reviewed report with the record its latest review makes."""
    reviews = latest_reviews()
    q = (
        select(Report, Coding)
        .join(reviews, reviews.c.report_id == Report.id)
        .join(Coding, Coding.id == reviews.c.coding_id)
        .order_by(Report.created_at, Report.id)
    )
    with db.session() as s:
        for report, coding in s.execute(q.execution_options(yield_per=500)):
            if "phi_review" in (report.flags or []) and not include_phi_flagged:
                yield Labelled(report.id, None, "phi_review")
                continue
            rec = Record(
                id=PREFIX + report.id,
                text=report.redacted_text,
                event_type=coding.event_type,
                event_kind=coding.event_kind,
                harm=coding.harm,
                factors=tuple(coding.factors or []),
                phi=(),
                source="reviewed",
            )
            if validate(rec):
                yield Labelled(report.id, None, "invalid")
            else:
                yield Labelled(report.id, rec)


def corpus_splits(corpus: Path) -> dict[str, list[Record]]:
    """A corpus folder's train and dev splits (built in memory if not written yet)."""
    if all((corpus / f"{s}.jsonl").is_file() for s in ("train", "dev")):
        return {s: list(read_jsonl(corpus / f"{s}.jsonl")) for s in ("train", "dev")}
    from triage.corpus.build import CorpusConfig, assemble

    parts = assemble(CorpusConfig.load(corpus))
    return {"train": parts["train"], "dev": parts["dev"]}


def export_labels(
    db: Database,
    out_dir: Path,
    corpus: Path | None = None,
    heldout: float = 0.2,
    dev: float = 0.15,
    include_phi_flagged: bool = False,
) -> ExportSummary:
    """Write reviewed.jsonl, heldout.jsonl, train.jsonl and dev.jsonl into out_dir."""
    if not (0 <= heldout < 1 and 0 <= dev < 1 and heldout + dev < 1):
        raise InputError(
            "split_invalid", "heldout and dev shares must be in [0, 1) and sum below 1"
        )
    parts: dict[str, list[Record]] = {s: [] for s in SPLITS}
    reviewed = skipped_phi = skipped_invalid = 0
    for item in reviewed_records(db, include_phi_flagged):
        reviewed += 1
        if item.record is None:
            skipped_phi += item.left_out == "phi_review"
            skipped_invalid += item.left_out == "invalid"
            continue
        parts[split_of(item.report_id, heldout, dev)].append(item.record)
    base = corpus_splits(corpus) if corpus is not None else {"train": [], "dev": []}
    out_dir.mkdir(parents=True, exist_ok=True)
    all_reviewed = [r for s in SPLITS for r in parts[s]]
    written = {
        REVIEWED_FILE: write_jsonl(out_dir / REVIEWED_FILE, all_reviewed),
        HELDOUT_FILE: write_jsonl(out_dir / HELDOUT_FILE, parts["heldout"]),
        "train.jsonl": write_jsonl(
            out_dir / "train.jsonl", [*base["train"], *parts["train"]]
        ),
        "dev.jsonl": write_jsonl(out_dir / "dev.jsonl", [*base["dev"], *parts["dev"]]),
    }
    return ExportSummary(
        written=written,
        reviewed=reviewed,
        skipped_phi_review=skipped_phi,
        skipped_invalid=skipped_invalid,
        corpus={k: len(v) for k, v in base.items()},
    )
