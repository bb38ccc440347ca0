"""Numbered typed placeholders: consistent within a narrative, no mapping kept."""

from __future__ import annotations

import pytest

from triage.pipelines.anonymize import Span, anonymize


def spans_of(text: str, *items: tuple[str, str]) -> list[Span]:
    """Spans for each (type, surface) in order, searching left to right."""
    out, pos = [], 0
    for etype, surface in items:
        start = text.index(surface, pos)
        out.append(Span(etype, start, start + len(surface)))
        pos = start + len(surface)
    return out


@pytest.mark.parametrize(
    ("text", "items", "expected"),
    [
        (
            "RN K. Moore called Dr. Okafor; Moore and MOORE agreed.",
            [
                ("PERSON", "K. Moore"),
                ("PERSON", "Okafor"),
                ("PERSON", "Moore"),
                ("PERSON", "MOORE"),
            ],
            "RN <PERSON_1> called Dr. <PERSON_2>; <PERSON_1> and <PERSON_1> agreed.",
        ),
        (
            "Pt Walter Kaminski; son Peter Kaminski; Kaminski said",
            [
                ("PERSON", "Walter Kaminski"),
                ("PERSON", "Peter Kaminski"),
                ("PERSON", "Kaminski"),
            ],
            # two Kaminskis: the bare surname is not linked to either (no guessing)
            "Pt <PERSON_1>; son <PERSON_2>; <PERSON_3> said",
        ),
        (
            "Kim Moore ... K. Moore ... Kim",
            [("PERSON", "Kim Moore"), ("PERSON", "K. Moore"), ("PERSON", "Kim")],
            "<PERSON_1> ... <PERSON_1> ... <PERSON_1>",
        ),
        (
            "MRN 123, MRN 456, again MRN 123 on 3/4/2024 and 3/4/2024",
            [
                ("ID", "123"),
                ("ID", "456"),
                ("ID", "123"),
                ("DATE", "3/4/2024"),
                ("DATE", "3/4/2024"),
            ],
            "MRN <ID_1>, MRN <ID_2>, again MRN <ID_1> on <DATE_1> and <DATE_1>",
        ),
        ("no phi here", [], "no phi here"),
    ],
)
def test_placeholders(text: str, items: list[tuple[str, str]], expected: str) -> None:
    assert anonymize(text, spans_of(text, *items)).text == expected


def test_places_link_by_their_distinctive_words() -> None:
    text = (
        "From Calloway Hospital; at CALLOWAY she fell. Holm Clinic, then Holm "
        "Hospital; Holm called. Rm 412, rm 412."
    )
    items = [
        ("LOCATION", "Calloway Hospital"),
        ("LOCATION", "CALLOWAY"),
        ("LOCATION", "Holm Clinic"),
        ("LOCATION", "Holm Hospital"),
        ("LOCATION", "Holm"),
        ("LOCATION", "412"),
        ("LOCATION", "412"),
    ]
    got = anonymize(text, spans_of(text, *items)).text
    # a clinic and a hospital of one name are two places; "Holm" alone fits both,
    # so it gets its own number rather than a guess
    assert got == (
        "From <LOCATION_1>; at <LOCATION_1> she fell. <LOCATION_2>, then "
        "<LOCATION_3>; <LOCATION_4> called. Rm <LOCATION_5>, rm <LOCATION_5>."
    )


def test_spans_in_any_order_and_offsets_map_back() -> None:
    text = "Dr. Okafor saw pt on 3/14/2024 in rm 412."
    spans = spans_of(
        text, ("PERSON", "Okafor"), ("DATE", "3/14/2024"), ("LOCATION", "412")
    )
    result = anonymize(text, list(reversed(spans)))
    assert result.text == "Dr. <PERSON_1> saw pt on <DATE_1> in rm <LOCATION_1>."
    pos = result.text.index(" in rm")
    assert result.to_original(pos, pos + 6) == (
        text.index(" in rm"),
        text.index(" in rm") + 6,
    )
    assert (
        result.to_original(
            result.text.index("<DATE_1>"), result.text.index("<DATE_1>") + 2
        )
        is None
    )


def test_overlapping_spans_are_rejected() -> None:
    with pytest.raises(ValueError):
        anonymize("abcdef", [Span("ID", 0, 3), Span("ID", 2, 5)])


def test_no_mapping_is_kept() -> None:
    result = anonymize("Dr. Okafor", [Span("PERSON", 4, 10)])
    assert "Okafor" not in repr(result.replaced) or all(
        isinstance(x, Span | int) for item in result.replaced for x in item
    )
    assert "Okafor" not in result.text
