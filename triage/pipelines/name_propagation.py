"""Find the other mentions of a name already detected in the same narrative.

"RN K. Moore ... Moore said" : the second "Moore" has no title, so only a model could
catch it. Once a confident PERSON span is found, its words are searched for elsewhere in
the same text, in the same letter case (so "Dr. Small" does not redact "small amount").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from triage.pipelines.allow_list import AllowList
from triage.pipelines.recognizers.name_parts import is_not_name

_WORD = regex.compile(r"[\p{L}][\p{L}'’\-]*")
MIN_SCORE = 0.75
SCORE = 0.7


def propagate_names(
    text: str,
    persons: Sequence[tuple[int, int, float]],
    allow_list: AllowList,
) -> list[tuple[int, int]]:
    """Offsets of further mentions of the words of confident PERSON spans."""
    words: set[str] = set()
    for start, end, score in persons:
        if score < MIN_SCORE:
            continue
        for m in _WORD.finditer(text, start, end):
            w = m.group()
            upper_initial = len(w) >= 3 and w[:1].isupper()
            if upper_initial and not is_not_name(w) and not allow_list.covers(w):
                words.add(w)
    if not words:
        return []
    variants = set()
    for w in words:
        variants |= {w, w.upper(), w[:1] + w[1:].lower()}
    pattern = regex.compile(
        r"(?<![\p{L}\-])(?:"
        + "|".join(regex.escape(v) for v in sorted(variants))
        + r")(?![\p{L}\-])"
    )
    return [m.span() for m in pattern.finditer(text)]
