"""Splits are deterministic, stratified and disjoint."""

from __future__ import annotations

from triage.corpus.records import Record
from triage.corpus.splits import split


def _recs(n: int) -> list[Record]:
    types = ["fall", "medication", "device"]
    return [
        Record(
            id=f"r{i}",
            text=f"text {i}",
            event_type=types[i % 3],
            event_kind="incident",
            harm="unknown",
        )
        for i in range(n)
    ]


def test_split_is_disjoint_complete_and_stable():
    recs = _recs(300)
    a = split(recs)
    b = split(list(reversed(recs)))
    assert a == b
    ids = [r.id for part in a.values() for r in part]
    assert sorted(ids) == sorted(r.id for r in recs)
    assert len(set(ids)) == len(ids)
    assert [len(a[s]) for s in ("train", "dev", "test")] == [180, 60, 60]


def test_split_is_stratified_by_event_type():
    parts = split(_recs(300))
    for part in parts.values():
        counts = {
            t: sum(r.event_type == t for r in part)
            for t in ("fall", "medication", "device")
        }
        assert len(set(counts.values())) == 1


def test_adding_records_does_not_move_existing_ones_much():
    base = split(_recs(300))
    grown = split(_recs(330))
    where = {r.id: s for s, part in base.items() for r in part}
    moved = sum(
        1
        for s, part in grown.items()
        for r in part
        if r.id in where and where[r.id] != s
    )
    assert moved < 30
