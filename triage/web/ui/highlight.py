"""Split a redacted narrative into segments: plain text, placeholders, evidence.

The template renders each segment as escaped text inside its own element, so the
narrative is never trusted as markup. Evidence terms come from the model in the
form a reader would say them (lemmas, ``NOT x``, ``<NUMBER>``); they are matched
loosely (case-insensitive, word prefixes) and a term that cannot be found is still
listed beside its code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"<([A-Z]+(?:_[A-Z]+)*?)(?:_(\d+))?>")
_MARKERS = frozenset({"NOT", "POSSIBLE"})


@dataclass(frozen=True)
class Segment:
    """A run of text with one rendering: plain, a placeholder, or evidence."""

    text: str
    placeholder: str | None = None
    keys: tuple[str, ...] = ()


def term_pattern(term: str) -> re.Pattern[str] | None:
    """A loose pattern for an evidence term; None when nothing is left to match."""
    words = [
        w.lower()
        for w in term.split()
        if w not in _MARKERS and not (w.startswith("<") and w.endswith(">"))
    ]
    if not words:
        return None
    parts = []
    for w in words:
        if len(w) <= 3:
            parts.append(re.escape(w) + r"(?!\w)")
        elif len(w) == 4:
            parts.append(re.escape(w) + r"\w*")
        else:  # a lemma: "blocked" for "block", "shared" for "share"
            parts.append(re.escape(w[:-1]) + r"\w*")
    return re.compile(r"(?<!\w)" + r"\W{1,3}".join(parts), re.IGNORECASE)


def segments(text: str, evidence: Mapping[str, Sequence[str]]) -> list[Segment]:
    """The text cut into segments; evidence keys (e.g. "harm") mark matched terms."""
    n = len(text)
    placeholder_at: list[str | None] = [None] * n
    starts: dict[int, tuple[int, str]] = {}
    for m in PLACEHOLDER.finditer(text):
        starts[m.start()] = (m.end(), m.group(0))
        for i in range(m.start(), m.end()):
            placeholder_at[i] = m.group(0)
    keys_at: list[set[str]] = [set() for _ in range(n)]
    for key, terms in evidence.items():
        for term in terms:
            pattern = term_pattern(term)
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                for i in range(m.start(), m.end()):
                    if placeholder_at[i] is None:
                        keys_at[i].add(key)
    out: list[Segment] = []
    i = 0
    while i < n:
        if i in starts:
            end, token = starts[i]
            out.append(Segment(token, placeholder=token.strip("<>")))
            i = end
            continue
        keys = tuple(sorted(keys_at[i]))
        j = i + 1
        while (
            j < n
            and j not in starts
            and placeholder_at[j] is None
            and tuple(sorted(keys_at[j])) == keys
        ):
            j += 1
        out.append(Segment(text[i:j], keys=keys))
        i = j
    return out


def matched_keys(parts: Sequence[Segment]) -> set[str]:
    """The evidence keys that were found somewhere in the text."""
    return {k for p in parts for k in p.keys}
