"""Ages over 89 (HIPAA Safe Harbor), the number only: "92 yo", "aged 101"."""

from __future__ import annotations

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
        Pattern(
            "turned",
            rf"(?i:\b(?:turned|turns|turning)[ \t]+)(?P<phi>{_OVER_89})\b",
            0.6,
        ),
    )
