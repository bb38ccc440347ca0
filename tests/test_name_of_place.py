"""Places written right after a person's name ("daughter Ilse of Brackwood")."""

from __future__ import annotations

import pytest

from triage.pipelines import allow_list
from triage.pipelines.name_of_place import places_after_names


@pytest.mark.parametrize(
    ("text", "name", "score", "places"),
    [
        ("daughter Ilse of Brackwood visited.", "Ilse", 0.8, ["Brackwood"]),
        (
            "Nephew, Tomas Arleth of Fenwick Glen called.",
            "Tomas Arleth",
            0.8,
            ["Fenwick"],
        ),
        # two proper words are one place; a dictionary word ("Glen", "CALLED") ends it
        ("son Piet of Brackwood Linhaven here", "Piet", 0.8, ["Brackwood Linhaven"]),
        ("DTR MARISOL OF BRACKWOOD CALLED.", "MARISOL", 0.7, ["BRACKWOOD"]),
        # departments, units and English words are no places
        ("Seen by Dr. Vance of Cardiology today.", "Vance", 0.85, []),
        ("RN Okafor of MICU aware.", "Okafor", 0.85, []),
        ("son Piet of course agreed.", "Piet", 0.8, []),
        # a weak name is no anchor
        ("Ilse of Brackwood visited.", "Ilse", 0.5, []),
    ],
)
def test_places_after_names(
    text: str, name: str, score: float, places: list[str]
) -> None:
    start = text.index(name)
    found = places_after_names(
        text, [(start, start + len(name), score)], allow_list.load()
    )
    assert [text[a:b] for a, b in found] == places
