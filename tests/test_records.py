"""The record format round-trips and rejects invalid labels and spans."""

from __future__ import annotations

import json

import pytest

from triage.corpus.records import PhiSpan, Record, read_jsonl, validate, write_jsonl
from triage.errors import CorpusError


def _rec(**kw) -> Record:
    base = dict(
        id="r1",
        text="RN Kim Lee gave heparin",
        event_type="medication",
        event_kind="incident",
        harm="mild",
        factors=("human_factors",),
        phi=(PhiSpan("PERSON", 3, 10),),
        source="handwritten",
    )
    base.update(kw)
    return Record(**base)


def test_round_trip(tmp_path):
    path = tmp_path / "x.jsonl"
    write_jsonl(path, [_rec(), _rec(id="r2", phi=())])
    back = list(read_jsonl(path))
    assert back == [_rec(), _rec(id="r2", phi=())]
    line = json.loads(path.read_text().splitlines()[0])
    assert list(line) == [
        "id",
        "text",
        "event_type",
        "event_kind",
        "harm",
        "factors",
        "phi",
        "source",
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"event_type": "slip"}, "event_type"),
        ({"harm": "bad"}, "harm"),
        ({"factors": ("luck",)}, "factor"),
        ({"factors": ("human_factors", "human_factors")}, "repeat"),
        ({"event_kind": "near_miss", "harm": "mild"}, "no_harm"),
        ({"phi": (PhiSpan("NAME", 3, 10),)}, "PHI type"),
        ({"phi": (PhiSpan("PERSON", 3, 99),)}, "outside"),
        ({"phi": (PhiSpan("PERSON", 2, 10),)}, "whitespace"),
        ({"phi": (PhiSpan("PERSON", 3, 10), PhiSpan("PERSON", 7, 12))}, "overlaps"),
        ({"source": "web"}, "source"),
        ({"text": "   "}, "empty"),
    ],
)
def test_invalid_records_are_reported(changes, problem):
    problems = validate(_rec(**changes))
    assert any(problem in p for p in problems), problems


def test_read_reports_line_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(_rec().to_json() + "\n{not json\n")
    with pytest.raises(CorpusError, match="line 2"):
        list(read_jsonl(path))
