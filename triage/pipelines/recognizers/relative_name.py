"""Relatives and visitors named after a kinship word: "daughter Sabine", "son jack"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines import name_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import (
    CAP_WORD,
    INITIAL,
    NAME,
    is_not_name,
    is_plain_name_word,
    trim_name,
)

_KIN = (
    r"(?i:\b(?:daughter|son|wife|husband|mother|father|mom|dad|sister|brother|dtr"
    r"|sis|bro|niece|nephew|aunt|uncle|grandson|granddaughter|grandmother"
    r"|grandfather|grandma|grandpa|spouse|partner|boyfriend|girlfriend|fianc[eé]e?"
    r"|friend|neighbou?r|cousin|guardian|proxy|hcp|poa|caregiver|caretaker"
    r"|significant\s+other|step-?(?:son|daughter|mother|father)|in-law|visitor"
    r"|contact\s+person|emergency\s+contact|next\s+of\s+kin|caseworker"
    r"|case\s+manager|social\s+worker|chaplain|interpreter|translator)\b)"
)
_LINK = (
    r"(?:[ \t]*,[ \t]*|[ \t]+(?i:named|is|was|called)[ \t]+|[ \t]*\([ \t]*"
    r"|[ \t]*-+[ \t]*|[ \t]+)"
)
_LOWER_WORD = r"[a-z][a-z'’\-]{2,}"
# the kin word in brackets after the name: "ROWENA KALDOR (DAUGHTER)"
_KIN_AFTER = regex.compile(rf"[ \t]*\([ \t]*{_KIN}[ \t]*\)")


def _opens_aside(text: str, start: int) -> bool:
    """Whether a comma or an opening quote comes right before ("son, bill")."""
    return text[max(0, start - 3) : start].rstrip(" \t").endswith((",", '"', "“"))


def _closes_aside(text: str, end: int) -> bool:
    """Whether a comma, closing quote or bracket comes right after ("bill, called")."""
    return text[end : end + 2].lstrip(" \t").startswith((",", '"', "”", ")"))


class RelativeNameRecognizer(SpanPatternRecognizer):
    """Names right after a kinship or contact word."""

    ENTITY = "PERSON"
    PATTERNS = (
        # Title-case names only: in ALL-CAPS notes "SISTER AND NEICE" is no name
        Pattern(
            "kin_name",
            rf"{_KIN}{_LINK}(?P<phi>(?:{INITIAL}[ \t]?)?{CAP_WORD}"
            rf"(?:[ \t]+{CAP_WORD})?)",
            0.8,
        ),
        # all-lower-case notes: "son jack called", "son, bill, called", 'dtr "sarah"';
        # weaker, verbs are filtered below
        Pattern(
            "kin_lower",
            rf"{_KIN}(?:[ \t]*,[ \t]*|[ \t]*[\"“][ \t]*|[ \t]+)"
            rf"(?P<phi>{_LOWER_WORD})\b",
            0.5,
        ),
        # any case style: the name, then its kin word in brackets
        Pattern(
            "name_kin",
            rf"(?<![\w.])(?P<phi>{NAME})(?={_KIN_AFTER.pattern})",
            0.7,
        ),
        # ALL-CAPS notes: "DTR LARISSA", "DAUGHTER-KARLEY", "CAREGIVER, NATALY";
        # kept only when the first word is a known given name (accept below)
        Pattern(
            "kin_upper",
            rf"{_KIN}{_LINK}(?P<phi>[A-Z]{{2,}}(?:[ \t]+[A-Z]{{2,}})?)(?![a-z])",
            0.7,
        ),
    )

    def accept(self, text: str, start: int, end: int) -> bool:
        """Keep only spans whose words are not common words or inflected verbs."""
        value = text[start:end]
        if _KIN_AFTER.match(text, end):
            # "(DAUGHTER)" says a person; the words must still be names, not a
            # sentence ("DISCUSSED WITH (DAUGHTER)")
            words = [w for w in value.split() if len(w.strip(".")) > 1]
            return bool(words) and all(
                name_gazetteer.is_known_name(w) or is_plain_name_word(w) for w in words
            )
        if value.isupper():
            # "WIFE AND NIECE", "SON IN TO VISIT": only a known given name is a name
            return name_gazetteer.is_known_first_name(value.split()[0])
        if value.islower():
            if _opens_aside(text, start):
                # "his son, bill, called": set off by commas, a known given name is a
                # name even if it is also a word; "husband, multiple calls" is not
                return _closes_aside(
                    text, end
                ) and name_gazetteer.is_given_name_or_word_name(value)
            w = value.lower()
            if is_not_name(w) or w.endswith(("ed", "ing", "ly")) or w.endswith("s"):
                return False
            # "son met", "daughter brought", "proxy determination", "MOM enema": an
            # English word is a name only if it is a given name too ("son jack")
            if is_english_word(w, inflected=True) or "-" in w:
                return name_gazetteer.is_given_name_or_word_name(w)
        words = value.split()
        return bool(words) and not is_not_name(words[0])

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with trailing common words trimmed from each name."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            value = text[r.start : r.end]
            if value.isupper() and " " in value:
                # "NATALY AWARE": the second ALL-CAPS word must be a name as well, or a
                # word no list holds ("CASEWORKER MARTA VRENKOVA")
                second = value.split()[1]
                if not (
                    name_gazetteer.is_known_name(second) or is_plain_name_word(second)
                ):
                    r.end = r.start + len(value.split()[0])
            span = trim_name(text, r.start, r.end)
            if span is not None:
                r.start, r.end = span
                out.append(r)
        return out
