"""Further mentions of a detected facility name are found in the same narrative."""

from __future__ import annotations

import pytest

from triage.pipelines import allow_list
from triage.pipelines.place_propagation import propagate_places


def _spread(
    text: str, seed: str, score: float = 0.75, model: bool = False
) -> list[str]:
    start = text.index(seed)
    places = [(start, start + len(seed), score, model)]
    found = propagate_places(text, places, allow_list.load())
    return [text[a:b] for a, b in found]


@pytest.mark.parametrize(
    ("text", "seed", "found"),
    [
        # the distinctive word spreads, in any letter case (the seed's own word is
        # found too: merging unites it with the seed) ...
        (
            "From Calloway Hospital. At CALLOWAY she fell; calloway ED aware.",
            "Calloway Hospital",
            ["Calloway", "CALLOWAY", "calloway"],
        ),
        # ... the facility words and English words never do
        ("To Lakeside Hospital. The hospital called.", "Lakeside Hospital", []),
        ("Seen at Brennock Rehab. Rehab eval today.", "Brennock Rehab", ["Brennock"]),
        # a whole word only
        ("From Vell Hospital, vellum dressing on.", "Vell Hospital", ["Vell"]),
    ],
)
def test_propagates_distinctive_words(text: str, seed: str, found: list[str]) -> None:
    assert _spread(text, seed) == found


def test_weak_or_model_seeds_without_a_facility_word_do_not_spread() -> None:
    text = "On Pmicoxin gtt. Pmicoxin weaned at noon."
    assert _spread(text, "Pmicoxin", model=True) == []
    assert _spread(text, "Pmicoxin", score=0.4) == []
    # the model's facility, with its facility word, is a seed
    text = "From Drummory Medical Center. Drummory called back."
    found = _spread(text, "Drummory Medical Center", model=True)
    assert found == ["Drummory", "Drummory"]
