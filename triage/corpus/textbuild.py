"""Text with exact PHI offsets by construction, and the phrase-template mini language.

Text is only ever appended: plain pieces with :meth:`SpanBuilder.text`, PHI surfaces
with :meth:`SpanBuilder.phi`, which records the span as it appends. Nothing searches
the finished text for offsets.

Templates (used by the phrase banks) are literal text with two constructs:

* ``{name}`` - a slot, filled by a resolver (PHI or a plain filler);
* ``[a|b|c]`` - pick one alternative (``[a|]`` makes ``a`` optional); may nest and
  may hold slots.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from triage.corpus.records import PhiSpan


class SpanBuilder:
    """Append-only text whose PHI spans are recorded as they are appended."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._spans: list[PhiSpan] = []

    def text(self, s: str) -> None:
        """Append plain (non-PHI) text."""
        if s:
            self._parts.append(s)
            self._length += len(s)

    def phi(self, phi_type: str, surface: str) -> None:
        """Append a PHI surface and record its span."""
        if not surface or surface != surface.strip():
            raise ValueError("PHI surface must be non-empty without outer whitespace")
        start = self._length
        self.text(surface)
        self._spans.append(PhiSpan(phi_type, start, self._length))

    def trim_trailing_space(self) -> None:
        """Drop one trailing space (always plain text: PHI never ends in a space)."""
        if self._parts and self._parts[-1].endswith(" "):
            self._parts[-1] = self._parts[-1][:-1]
            self._length -= 1

    def tail(self, n: int) -> str:
        """The last n characters appended (fewer at the start)."""
        out = ""
        for part in reversed(self._parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:]

    def last_char(self) -> str:
        """The last character appended ('' when empty)."""
        for part in reversed(self._parts):
            if part:
                return part[-1]
        return ""

    def build(self) -> tuple[str, tuple[PhiSpan, ...]]:
        """The text and its spans."""
        return "".join(self._parts), tuple(self._spans)


# --------------------------------------------------------------------------- style


@dataclass(frozen=True)
class Style:
    """How literal text is written: shorthand, ALL CAPS, typos."""

    shorthand: float = 0.0  # chance each abbreviable phrase is abbreviated
    caps: bool = False
    typos: float = 0.0  # chance a long lowercase word gets a typo


_SHORTHAND: dict[str, str] = {
    "patient's": "pt's",
    "patient": "pt",
    "patients": "pts",
    "with": "w/",
    "without": "w/o",
    "discharge": "d/c",
    "discharged": "d/c'd",
    "discontinued": "d/c'd",
    "as needed": "PRN",
    "vital signs": "VS",
    "status post": "s/p",
    "complains of": "c/o",
    "complained of": "c/o",
    "complaining of": "c/o",
    "wheelchair": "w/c",
    "head of bed": "HOB",
    "oxygen saturation": "SpO2",
    "history of": "hx of",
    "bilateral": "bilat",
    "physician": "MD",
    "registered nurse": "RN",
    "hours": "hrs",
    "minutes": "min",
    "and": "&",
    "by mouth": "PO",
    "intravenous": "IV",
    "intravenously": "IV",
    "subcutaneous": "SQ",
    "blood pressure": "BP",
    "heart rate": "HR",
    "medication": "med",
    "medications": "meds",
    "emergency department": "ED",
    "operating room": "OR",
    "shortness of breath": "SOB",
    "no acute distress": "NAD",
    "assessment": "assmt",
    "notified": "notif'd",
    "every": "q",
    "right": "R",
    "left": "L",
    "daughter": "dtr",
    "approximately": "approx",
    "at": "@",  # only before a time (see _LOOKAHEAD)
    "because": "b/c",
    "treatment": "tx",
    "diagnosis": "dx",
    "bathroom": "BR",
    "secondary to": "2/2",
    "bowel movement": "BM",
    "at bedside": "@ bedside",
    "immediately": "immed",
    "continue": "cont",
    "night shift": "nights",
}
# Words abbreviated only in context: sides before a body part (never "right away",
# "left the unit"), "at" before a time.
_SIDE = (
    r"(?= (?:arm|leg|hip|knee|wrist|ankle|heel|hand|foot|eye|side|shoulder|groin|"
    r"forearm|elbow|buttock|flank|chest|breast|kidney|lung)\b)"
)
_LOOKAHEAD = {"right": _SIDE, "left": _SIDE, "at": r"(?= \d)"}
_SHORTHAND_RE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(k) + _LOOKAHEAD.get(k, "")
        for k in sorted(_SHORTHAND, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)
# Words that must never be mangled by a typo (drugs, devices, traps).
_PROTECTED = {
    "heparin",
    "coumadin",
    "warfarin",
    "zosyn",
    "insulin",
    "foley",
    "braden",
    "morse",
    "apgar",
    "pyxis",
    "omnicell",
    "alaris",
    "hugger",
    "minutes",
    "hours",
    "days",
}
_WORD_RE = re.compile(r"\b[a-z]{5,}\b")


def _abbreviate(s: str, rng: random.Random, p: float) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        if rng.random() >= p:
            return word
        short = _SHORTHAND[word.lower()]
        if word[0].isupper() and short[0].isalpha() and short.islower():
            short = short[0].upper() + short[1:]
        return short

    return _SHORTHAND_RE.sub(sub, s)


_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # drop
        return word[:i] + word[i + 1 :]
    if kind == 2:  # double
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(_KEYS) + word[i + 1 :]  # wrong key


def _typos(s: str, rng: random.Random, p: float) -> str:
    def sub(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in _PROTECTED or rng.random() >= p:
            return word
        return _typo(word, rng)

    return _WORD_RE.sub(sub, s)


class Writer:
    """A SpanBuilder seen through a Style (the only way narratives append text)."""

    def __init__(self, builder: SpanBuilder, style: Style, rng: random.Random):
        self.builder = builder
        self.style = style
        self.rng = rng

    def text(self, s: str) -> None:
        """Literal template text: may be abbreviated, typo'd, capitalised."""
        if self.style.shorthand:
            s = _abbreviate(s, self.rng, self.style.shorthand)
        if self.style.typos:
            s = _typos(s, self.rng, self.style.typos)
        # Empty alternatives must not leave double spaces or " ." behind.
        last = self.builder.last_char()
        if s[:1] == " " and last in (" ", "\n", ""):
            s = s[1:]
        elif s[:1] in (".", ",", ";", ":", ")") and last == " ":
            self.builder.trim_trailing_space()
        self.plain(s)

    def plain(self, s: str) -> None:
        """Filler text (drug names, times, scores): only capitalised in caps style."""
        self.builder.text(s.upper() if self.style.caps else s)

    def phi(self, phi_type: str, surface: str) -> None:
        """A PHI surface (capitalised in caps style)."""
        self.builder.phi(phi_type, surface.upper() if self.style.caps else surface)

    def sep(self, s: str = " ") -> None:
        """A separator between sentences (never doubled after a newline)."""
        last = self.builder.last_char()
        if not last or (last.isspace() and s.strip() == ""):
            return
        self.builder.text(s)

    def at_sentence_start(self) -> bool:
        """Whether the next word starts a sentence (or a line, or a labelled field)."""
        text = self.builder.tail(3).rstrip(" ")
        return not text or text[-1] in ".!?:\n-"


# ------------------------------------------------------------------------ templates


@dataclass(frozen=True)
class Slot:
    """A ``{name}`` placeholder."""

    name: str


@dataclass(frozen=True)
class Alt:
    """A ``[a|b]`` choice between node sequences."""

    options: tuple[tuple[Node, ...], ...]


Node = str | Slot | Alt
_TOKEN = re.compile(r"\{(\w+)\}|[\[\]|]")


@lru_cache(maxsize=8192)
def parse(template: str) -> tuple[Node, ...]:
    """Parse a template into nodes (cached; raises ValueError on bad brackets)."""
    stack: list[list[list[Node]]] = [[[]]]  # groups > options > nodes
    pos = 0
    for m in _TOKEN.finditer(template):
        if m.start() > pos:
            stack[-1][-1].append(template[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.group(1):
            stack[-1][-1].append(Slot(m.group(1)))
        elif tok == "[":
            stack.append([[]])
        elif tok == "|":
            if len(stack) == 1:
                stack[-1][-1].append("|")
            else:
                stack[-1].append([])
        else:  # "]"
            if len(stack) == 1:
                raise ValueError(f"unbalanced ']' in template {template!r}")
            group = stack.pop()
            stack[-1][-1].append(Alt(tuple(tuple(o) for o in group)))
    if len(stack) != 1:
        raise ValueError(f"unbalanced '[' in template {template!r}")
    if pos < len(template):
        stack[0][0].append(template[pos:])
    return tuple(stack[0][0])


def slots(template: str) -> set[str]:
    """Every slot name a template can use (in any alternative)."""
    found: set[str] = set()

    def walk(nodes: tuple[Node, ...]) -> None:
        for n in nodes:
            if isinstance(n, Slot):
                found.add(n.name)
            elif isinstance(n, Alt):
                for o in n.options:
                    walk(o)

    walk(parse(template))
    return found


Resolver = Callable[[str, Writer], None]


def render(template: str, writer: Writer, resolve: Resolver) -> None:
    """Append a template: literals via writer.text, slots via resolve(name, writer)."""
    _render(parse(template), writer, resolve)


def _render(nodes: tuple[Node, ...], writer: Writer, resolve: Resolver) -> None:
    for n in nodes:
        if isinstance(n, str):
            writer.text(n)
        elif isinstance(n, Slot):
            resolve(n.name, writer)
        else:
            _render(writer.rng.choice(n.options), writer, resolve)
