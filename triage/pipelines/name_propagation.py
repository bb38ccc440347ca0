"""Find the other mentions of a name already detected in the same narrative.

"RN K. Moore ... Moore said" : the second "Moore" has no title, so only a model could
catch it. Once a confident PERSON span is found, its words are searched for elsewhere in
the same text, in the same letter case (so "Dr. Small" does not redact "small amount").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from triage.pipelines.allow_list import AllowList
from triage.pipelines.name_gazetteer import is_dictionary_only
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
            # "Remains" of a misread "Remains Tolerating" must not spread over the note
            if (
                upper_initial
                and not is_not_name(w)
                and not allow_list.covers(w)
                and not is_dictionary_only(w)
            ):
                words.add(w)
    if not words:
        return []
    variants: set[str] = set()
    for w in words:
        variants |= {w, w.upper(), w[:1] + w[1:].lower()}
    return find_words(text, variants)


# A word may start where no letter or hyphen stands before it (as the regex
# `(?<![\p{L}\-])(?:v1|v2|...)(?![\p{L}\-])` did, without compiling one per text:
# measured, that compile was ~5 % of de-identification time).
_WORD_START = regex.compile(r"(?<![\p{L}\-])\p{L}")
_NAME_CHAR = regex.compile(r"[\p{L}\-]")


def find_words(text: str, variants: set[str]) -> list[tuple[int, int]]:
    """Left-to-right, non-overlapping whole-word matches; alternatives sorted."""
    by_first: dict[str, list[str]] = {}
    for v in sorted(variants):
        by_first.setdefault(v[:1], []).append(v)
    out: list[tuple[int, int]] = []
    last_end = 0
    for m in _WORD_START.finditer(text):
        p = m.start()
        if p < last_end:
            continue
        for v in by_first.get(text[p], ()):
            end = p + len(v)
            if text.startswith(v, p) and not _NAME_CHAR.match(text, end):
                out.append((p, end))
                last_end = end
                break
    return out
