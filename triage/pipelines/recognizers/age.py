"""Ages over 89 (HIPAA Safe Harbor), the number only: "92 yo", "aged 101"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

_OVER_89 = r"(?:9\d|1[0-1]\d)"
_UNIT = (
    r"(?i:[ \t\-]*(?:y\.?o\.?|y/o|yrs?|years?|yr\.?s?)(?:[ \t\-]*old)?\b"
    r"|[ \t\-]*(?:year|yr)[ \t\-]*old\b|[ \t]?(?:yo)?[ \t]?[MF]\b)"
)


class AgeOver89Recognizer(SpanPatternRecognizer):
    """Ages 90 to 119 written with an age unit or an age cue."""

    ENTITY = "AGE"
    PATTERNS = (
        Pattern("age_unit", rf"(?<![\d.\-/])(?P<phi>{_OVER_89})(?={_UNIT})", 0.85),
        Pattern(
            "age_cue",
            rf"(?i:\b(?:aged?|age\s+of|age:)[ \t]*)(?P<phi>{_OVER_89})(?![\d.])",
            0.85,
        ),
        # "Pt is 97, M," / "Mr. Archer, 96, admitted": an age next to sex or a name
        Pattern(
            "age_sex",
            rf"(?<![\d.\-/:])(?P<phi>{_OVER_89})"
            r"(?=[ \t]*,?[ \t]*(?:[MF]\b|(?i:male|female)\b))",
            0.7,
        ),
        Pattern(
            "pt_is_age",
            rf"(?i:\b(?:pt|patient|resident)[ \t]+(?:is|was)[ \t]+(?:a[ \t]+)?)"
            rf"(?P<phi>{_OVER_89})\b(?![.\d])",
            0.7,
        ),
        Pattern(
            "name_comma_age",
            r"(?<=(?:Mr|Mrs|Ms)\.?[ \t]+[A-Z][A-Za-z'’\-]+,[ \t]*)"
            rf"(?P<phi>{_OVER_89}),",
            0.7,
        ),
        Pattern(
            "turned",
            rf"(?i:\b(?:turned|turns|turning)[ \t]+)(?P<phi>{_OVER_89})\b",
            0.6,
        ),
    )

    def accept(self, text: str, start: int, end: int) -> bool:
        """Not a vital sign or a lab value ("HR 92", "sats 95%", "wt 101 kg")."""
        return not _VITALS_BEFORE.search(text[max(0, start - 14) : start])


_VITALS_BEFORE = regex.compile(
    r"(?i:\b(?:hr|bp|rr|sbp|dbp|map|sats?|spo2|o2|pulse|temp|t|wt|weight|glucose|bs"
    r"|fsbg|k|na|cl|bun|cr|hgb|hct|plt|wbc|inr|ptt|pao2|fio2|to|of|from|x)"
    r"[ \t:=]*(?:\d+[/\-])?)$"
)
