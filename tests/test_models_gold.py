"""Redacting gold records from their own PHI spans."""

from __future__ import annotations

from triage.corpus.records import PhiSpan, Record
from triage.models.gold import factor_matrix, redact_gold


def record(
    text: str, spans: list[tuple[str, str]], factors: tuple[str, ...] = ()
) -> Record:
    phi = []
    pos = 0
    for type_, surface in spans:
        start = text.index(surface, pos)
        phi.append(PhiSpan(type_, start, start + len(surface)))
        pos = start + len(surface)
    return Record("t-1", text, "fall", "incident", "mild", factors, tuple(phi))


def test_numbers_per_type_by_first_appearance() -> None:
    rec = record(
        "RN Moore told Dr. Okafor on 3/4 that Moore saw it; MRN 123.",
        [
            ("PERSON", "Moore"),
            ("PERSON", "Okafor"),
            ("DATE", "3/4"),
            ("PERSON", "Moore"),
            ("ID", "123"),
        ],
    )
    assert redact_gold(rec) == (
        "RN <PERSON_1> told Dr. <PERSON_2> on <DATE_1> "
        "that <PERSON_1> saw it; MRN <ID_1>."
    )


def test_no_spans_no_change() -> None:
    assert redact_gold(record("Pt fell.", [])) == "Pt fell."


def test_factor_matrix() -> None:
    recs = [record("a", [], ("environment",)), record("b", [], ())]
    Y = factor_matrix(recs, ["communication", "environment"])
    assert Y.tolist() == [[False, True], [False, False]]
