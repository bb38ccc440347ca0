"""Places written right after a person's name: "daughter Ilse of Brackwood".

Social notes say where relatives live the way they say who they are ("nephew Tom
Arles of Fenwick visited"). Once the name is found, a proper word after "of" is a
place, unless it is an English, clinical or unit word ("Dr. Vance of Cardiology").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from triage.pipelines.allow_list import AllowList
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS, UNIT_TYPE_WORDS

MIN_SCORE = 0.6
SCORE = 0.6
# one or two proper words; ALL-CAPS notes write them in capitals
_OF_PLACE = regex.compile(
    r"[ \t]*,?[ \t]+(?i:of)[ \t]+"
    r"(?P<place>\p{Lu}\p{Ll}{2,}(?:[ \t]\p{Lu}\p{Ll}{2,})?"
    r"|\p{Lu}{3,}(?:[ \t]\p{Lu}{3,})?)"
    r"(?![\p{L}\-])"
)


def places_after_names(
    text: str,
    persons: Sequence[tuple[int, int, float]],
    allow_list: AllowList,
) -> list[tuple[int, int]]:
    """Offsets of places named right after confident PERSON spans ("X of Place")."""
    out: list[tuple[int, int]] = []
    for _start, end, score in persons:
        if score < MIN_SCORE:
            continue
        m = _OF_PLACE.match(text, end)
        if m is None:
            continue
        start = m.start("place")
        words = m.group("place").split()
        if not _place_word(words[0], allow_list):
            continue
        # "Brackwood Falls" is one place; "BRACKWOOD CALLED" ends at the verb
        two = len(words) == 2 and _place_word(words[1], allow_list)
        out.append((start, m.end("place") if two else start + len(words[0])))
    return out


def _place_word(word: str, allow_list: AllowList) -> bool:
    """A word that can name a town: no English, clinical, unit or stop word."""
    w = word.lower()
    return not (
        w in NOT_NAME_WORDS
        or w in UNIT_TYPE_WORDS
        or w in allow_list.words
        or is_english_word(w, inflected=True)
    )
