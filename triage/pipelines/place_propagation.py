"""Find the other mentions of a facility or ward name already detected in a narrative.

"transferred from Calloway Hospital ... while at Calloway she fell": the second
"Calloway" has no facility word after it, so no pattern sees it. Once a facility is
found by a rule (or by the NER with a facility word in it), its distinctive words are
searched for elsewhere in the same text, in any letter case (ICU notes switch case).
Only words that are no English, clinical or unit word spread: "Hospital", "Rehab"
or "Lakeside" never do.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from triage.pipelines.allow_list import AllowList
from triage.pipelines.english_words import is_english_word
from triage.pipelines.name_propagation import find_words
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS, UNIT_TYPE_WORDS

MIN_SCORE = 0.55
SCORE = 0.6
_WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
# the model's places are kept as seeds only when they name a facility: its
# free-standing LOCATION hits are wrong too often on ICU notes (docs/deid.md)
_FACILITY_WORD = regex.compile(
    r"(?i:\b(?:hospital|hosp|medical|center|centre|clinic|rehab|nursing|hospice"
    r"|infirmary|memorial|manor|campus|pavilion)\b)"
)
_ABBREVIATIONS = frozenset(["hosp", "ctr", "med", "univ", "uof", "mem", "reg"])


def propagate_places(
    text: str,
    places: Sequence[tuple[int, int, float, bool]],
    allow_list: AllowList,
) -> list[tuple[int, int]]:
    """Offsets of further mentions of the distinctive words of confident places.

    `places` holds (start, end, score, from_model) for each LOCATION result.
    """
    words: set[str] = set()
    for start, end, score, from_model in places:
        if score < MIN_SCORE:
            continue
        if from_model and not _FACILITY_WORD.search(text, start, end):
            continue
        for m in _WORD.finditer(text, start, end):
            if _distinctive(m.group(), allow_list):
                words.add(m.group().lower())
    if not words:
        return []
    variants: set[str] = set()
    for w in words:
        variants |= {w, w.upper(), w[:1].upper() + w[1:]}
    return find_words(text, variants)


def _distinctive(word: str, allow_list: AllowList) -> bool:
    """A word that names this place and nothing else ("Calloway", not "Hospital")."""
    w = word.strip("'’-").lower()
    return (
        len(w) >= 4
        and w not in _ABBREVIATIONS
        and not _FACILITY_WORD.fullmatch(w)
        and w not in NOT_NAME_WORDS
        and w not in UNIT_TYPE_WORDS
        and w not in allow_list.words
        and not is_english_word(w, inflected=True)
    )
