"""Readers that turn gold PHI files of three formats into one shape: GoldDoc.

Formats: ``corpus`` (our labelled JSONL, or a folder of hand-written *.txt),
``physionet`` (PhysioNet deid notes.jsonl) and ``presidio`` (presidio-research synth
JSON). Each maps its labels to our PHI types; labels our taxonomy does not require are
kept as *optional* spans: a miss is not a leak and a hit is not a false positive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from triage.errors import InputError

FORMATS = ("corpus", "physionet", "presidio")


@dataclass(frozen=True)
class GoldSpan:
    """A gold span in our types; optional spans neither count as misses nor as FPs."""

    type: str
    start: int
    end: int
    optional: bool = False


@dataclass(frozen=True)
class GoldDoc:
    """One gold document: id, text and spans."""

    id: str
    text: str
    spans: tuple[GoldSpan, ...]


PHYSIONET_MAP = {
    "HCPName": "PERSON",
    "PTName": "PERSON",
    "PTNameInitial": "PERSON",
    "RelativeProxyName": "PERSON",
    "Date": "DATE",
    "DateYear": "DATE",  # optional (bare year)
    "Location": "LOCATION",
    "Phone": "PHONE",
    "Age": "AGE",
    "Other": "ID",
}
PRESIDIO_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "IP_ADDRESS": "IP",
    "DOMAIN_NAME": "URL",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "US_SSN": "ID",
    "US_DRIVER_LICENSE": "ID",
    "DATE_TIME": "DATE",
    "AGE": "AGE",
    # Not PHI in our taxonomy (companies, job titles, nationalities): optional.
    "ORGANIZATION": "LOCATION",
    "TITLE": "PERSON",
    "NRP": "LOCATION",
}
PRESIDIO_OPTIONAL = {"ORGANIZATION", "TITLE", "NRP"}
_MONTH = regex.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}[/\-.]\d{1,2}"
)


def _presidio_optional(label: str, value: str) -> bool:
    """Labels outside our taxonomy, ages 89 and under, years, times, weekdays."""
    if label in PRESIDIO_OPTIONAL:
        return True
    if label == "AGE":
        digits = "".join(c for c in value if c.isdigit())
        return not digits or int(digits) <= 89
    if label == "DATE_TIME":
        # a date element other than the year must be there (HIPAA keeps years, times)
        return not _MONTH.search(value)
    return False


def read_corpus(path: Path) -> Iterator[GoldDoc]:
    """Our labelled JSONL (`phi` spans), or a folder of hand-written *.txt blocks."""
    from triage.corpus.markup import read_handwritten
    from triage.corpus.records import read_jsonl

    records = read_handwritten(path) if path.is_dir() else read_jsonl(path)
    for rec in records:
        yield GoldDoc(
            rec.id, rec.text, tuple(GoldSpan(p.type, p.start, p.end) for p in rec.phi)
        )


def read_physionet(path: Path) -> Iterator[GoldDoc]:
    """PhysioNet deid notes (a notes.jsonl file or its folder)."""
    if path.is_dir():
        path = path / "notes.jsonl"
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            spans = []
            for p in obj["phi"]:
                if p["type"] not in PHYSIONET_MAP:
                    raise InputError(
                        "gold_invalid", f"line {n}: unknown PhysioNet type"
                    )
                spans.append(
                    GoldSpan(
                        PHYSIONET_MAP[p["type"]],
                        p["start"],
                        p["end"],
                        optional=p["type"] == "DateYear",
                    )
                )
            yield GoldDoc(
                f"{obj['patient']}-{obj['record']}", obj["text"], tuple(spans)
            )


def read_presidio(path: Path) -> Iterator[GoldDoc]:
    """presidio-research synth JSON (a list of {full_text, spans}) or its folder."""
    if path.is_dir():
        path = path / "synth_dataset_v2.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for i, item in enumerate(data):
        spans = []
        for s in item["spans"]:
            label = s["entity_type"]
            if label not in PRESIDIO_MAP:
                raise InputError("gold_invalid", f"item {i}: unknown presidio type")
            spans.append(
                GoldSpan(
                    PRESIDIO_MAP[label],
                    s["start_position"],
                    s["end_position"],
                    optional=_presidio_optional(label, s["entity_value"]),
                )
            )
        yield GoldDoc(f"synth-{i}", item["full_text"], tuple(spans))


def read_gold(path: Path, fmt: str) -> list[GoldDoc]:
    """All gold documents of a file in one of FORMATS."""
    if not path.exists():
        raise InputError("gold_missing", f"gold file not found: {path}")
    readers = {
        "corpus": read_corpus,
        "physionet": read_physionet,
        "presidio": read_presidio,
    }
    if fmt not in readers:
        raise InputError("gold_format_unknown", f"format must be one of {FORMATS}")
    return list(readers[fmt](path))
