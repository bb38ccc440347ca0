"""The one record format of every labelled set, with reading, writing and validation."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from triage import taxonomy
from triage.errors import CorpusError

SOURCES = ("handwritten", "generated", "reviewed")


@dataclass(frozen=True)
class PhiSpan:
    """A gold PHI span: type and character offsets into the record's text."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class Record:
    """One labelled narrative with its codes, PHI spans and source."""

    id: str
    text: str
    event_type: str
    event_kind: str
    harm: str
    factors: tuple[str, ...] = ()
    phi: tuple[PhiSpan, ...] = field(default_factory=tuple)
    source: str = "handwritten"

    def to_json(self) -> str:
        """One JSONL line (keys in the documented order)."""
        d = asdict(self)
        d["factors"] = list(self.factors)
        d["phi"] = [asdict(p) for p in self.phi]
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        """Build a record from a parsed JSON object (validated)."""
        try:
            phi = tuple(
                PhiSpan(str(p["type"]), int(p["start"]), int(p["end"]))
                for p in d.get("phi", []) or []
            )
            rec = cls(
                id=str(d["id"]),
                text=str(d["text"]),
                event_type=str(d["event_type"]),
                event_kind=str(d["event_kind"]),
                harm=str(d["harm"]),
                factors=tuple(str(f) for f in d.get("factors", []) or []),
                phi=phi,
                source=str(d.get("source", "handwritten")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(
                "record_invalid", f"record is missing or has a bad field: {exc!r}"
            ) from exc
        problems = validate(rec)
        if problems:
            raise CorpusError(
                "record_invalid", f"record {rec.id}: " + "; ".join(problems)
            )
        return rec


def validate(rec: Record) -> list[str]:
    """Problems with a record's labels and spans (empty when valid)."""
    tax = taxonomy.load()
    problems = []
    for target in taxonomy.SINGLE_LABEL_TARGETS:
        value = getattr(rec, target)
        if not tax.is_valid(target, value):
            problems.append(f"{target} {value!r} is not a code")
    for f in rec.factors:
        if not tax.is_valid("factors", f):
            problems.append(f"factor {f!r} is not a code")
    if len(set(rec.factors)) != len(rec.factors):
        problems.append("factors repeat")
    if rec.event_kind in ("near_miss", "unsafe_condition") and rec.harm != "no_harm":
        problems.append(f"{rec.event_kind} must have harm no_harm")
    if rec.source not in SOURCES:
        problems.append(f"source {rec.source!r} unknown")
    prev_end = -1
    for p in sorted(rec.phi, key=lambda s: s.start):
        if p.type not in tax.phi_types:
            problems.append(f"PHI type {p.type!r} unknown")
        if not (0 <= p.start < p.end <= len(rec.text)):
            problems.append(f"PHI span {p.start}-{p.end} outside text")
        elif rec.text[p.start : p.end] != rec.text[p.start : p.end].strip():
            problems.append(f"PHI span {p.start}-{p.end} has outer whitespace")
        if p.start < prev_end:
            problems.append(f"PHI span {p.start}-{p.end} overlaps another")
        prev_end = max(prev_end, p.end)
    if not rec.text.strip():
        problems.append("text is empty")
    return problems


def read_jsonl(path: Path) -> Iterator[Record]:
    """Records of a JSONL file; a bad line raises with its line number."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(
                    "record_invalid", f"{path.name} line {lineno}: not JSON ({exc.msg})"
                ) from exc
            try:
                yield Record.from_dict(obj)
            except CorpusError as exc:
                raise CorpusError(
                    "record_invalid", f"{path.name} line {lineno}: {exc.message}"
                ) from exc


def write_jsonl(path: Path, records: Iterable[Record]) -> int:
    """Write records as JSONL; returns how many."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec.to_json() + "\n")
            n += 1
    return n
