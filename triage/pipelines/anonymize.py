"""Typed, numbered placeholders: one entity, one number within one narrative.

Nothing maps a placeholder back to its value: the clusters built here live only for the
duration of one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

_WORDS = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)?")
_NON_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
# words that say what kind of place it is, not which one
_FACILITY_WORDS = frozenset(
    ["hospital", "hosp", "medical", "center", "centre", "clinic", "rehab"]
)
PLACEHOLDER = regex.compile(r"<(PERSON|DATE|AGE|PHONE|EMAIL|ID|LOCATION|URL|IP)_(\d+)>")


@dataclass(frozen=True)
class Span:
    """A PHI span to replace: type and offsets into the original text."""

    type: str
    start: int
    end: int


def _name_tokens(value: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _WORDS.findall(value)]


def _compatible(a: list[str], b: list[str]) -> bool:
    """Could two mentions be one person? (K. Moore ~ Kim Moore ~ Moore ~ MOORE)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1:
        # a lone word is the surname or the given name of the longer mention
        return short[0] in (long_[0], long_[-1])
    if short[-1] != long_[-1]:
        return False
    # same surname: given names must agree, an initial agreeing with a full name
    fa, fb = short[0], long_[0]
    return (
        fa == fb
        or (len(fa) == 1 and fb.startswith(fa))
        or (len(fb) == 1 and fa.startswith(fb))
    )


class _Numberer:
    """Assigns per-type numbers in order of first appearance, linking safe variants."""

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.exact: dict[tuple[str, str], int] = {}
        self.people: list[tuple[list[str], int]] = []
        self.places: list[tuple[frozenset[str], frozenset[str], int]] = []

    def number(self, etype: str, value: str) -> int:
        if etype == "PERSON":
            return self._person(value)
        if etype == "LOCATION":
            return self._place(value)
        key = (etype, _NON_ALNUM.sub("", value.lower()) or value)
        if key not in self.exact:
            self.exact[key] = self._next(etype)
        return self.exact[key]

    def _place(self, value: str) -> int:
        # "Calloway Hospital ... at CALLOWAY": one facility when the distinctive words
        # of one mention are all in exactly one earlier place, and their kinds do not
        # differ ("Holm Clinic" and "Holm Hospital" are two places)
        words = _name_tokens(value) or [value.lower()]
        kind = frozenset(w for w in words if w in _FACILITY_WORDS)
        name = frozenset(w for w in words if w not in _FACILITY_WORDS) or kind
        matches = {
            n
            for other_name, other_kind, n in self.places
            if (name <= other_name or other_name <= name)
            and (not kind or not other_kind or kind == other_kind)
        }
        n = matches.pop() if len(matches) == 1 else self._next("LOCATION")
        self.places.append((name, kind, n))
        return n

    def _next(self, etype: str) -> int:
        self.count[etype] = self.count.get(etype, 0) + 1
        return self.count[etype]

    def _person(self, value: str) -> int:
        tokens = _name_tokens(value) or [value.lower()]
        matches = {n for toks, n in self.people if _compatible(tokens, toks)}
        # link only when exactly one earlier person fits: "Kaminski" with two Kaminskis
        # in the report stays a separate placeholder rather than a guess
        n = matches.pop() if len(matches) == 1 else self._next("PERSON")
        self.people.append((tokens, n))
        return n


@dataclass(frozen=True)
class Anonymized:
    """Redacted text and where each placeholder sits (original and redacted offsets)."""

    text: str
    replaced: tuple[tuple[Span, int, int], ...]

    def to_original(self, start: int, end: int) -> tuple[int, int] | None:
        """Original offsets of a redacted-text range lying outside every placeholder."""
        shift = 0
        for span, r_start, r_end in self.replaced:
            if end <= r_start:
                break
            if start < r_end:
                return None
            shift = r_end - span.end
        return start - shift, end - shift


def anonymize(text: str, spans: Sequence[Span]) -> Anonymized:
    """Replace non-overlapping spans (any order) by <TYPE_n> placeholders."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    numberer = _Numberer()
    out: list[str] = []
    replaced: list[tuple[Span, int, int]] = []
    pos = 0
    length = 0
    for s in ordered:
        if s.start < pos:
            raise ValueError("spans overlap")
        n = numberer.number(s.type, text[s.start : s.end])
        before = text[pos : s.start]
        placeholder = f"<{s.type}_{n}>"
        out += [before, placeholder]
        length += len(before)
        replaced.append((s, length, length + len(placeholder)))
        length += len(placeholder)
        pos = s.end
    out.append(text[pos:])
    return Anonymized("".join(out), tuple(replaced))
