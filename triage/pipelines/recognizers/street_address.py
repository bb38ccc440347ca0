"""Street addresses: number, street name and suffix, with an optional unit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

# Case-sensitive: Title-case or ALL-CAPS suffixes only ("3 way foley" is no street).
_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place"
    r"|Pl|Way|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl"
    r"|Alley|Plaza|Pike|Route|Crescent|Gardens|Heights|Ridge|Turnpike|Expressway"
    r"|STREET|AVENUE|AVE|ROAD|BOULEVARD|BLVD|LANE|DRIVE|COURT|PLACE|TERRACE|CIRCLE"
    r"|PARKWAY|HIGHWAY|PIKE)\b\.?"
)
_WORD = r"(?:[A-Z][a-z'’\-]+|[A-Z]{3,}|\d+(?:st|nd|rd|th))"
_UNIT = (
    r"(?:,?[ \t]*(?i:apt|apartment|suite|ste|unit|#|fl|floor|rm|room)\.?[ \t]*"
    r"#?[A-Z0-9\-]+)"
)


class StreetAddressRecognizer(SpanPatternRecognizer):
    """'1420 N. Maple Ave, Apt 3B', 'PO Box 19', and unit numbers 'Apt. 207'."""

    ENTITY = "LOCATION"
    PATTERNS = (
        Pattern(
            "street",
            rf"(?<![\w/.\-])(?P<phi>\d{{1,6}}[A-Z]?[ \t]+(?:[NSEW]\.?[ \t]+)?"
            rf"(?:{_WORD}[ \t]+){{0,3}}{_WORD}[ \t]+{_SUFFIX}{_UNIT}?)",
            0.7,
        ),
        Pattern(
            "named_street",
            r"(?i:\b(?:on|at|off|near|of)[ \t]+)(?P<phi>(?:[A-Z][a-z'’\-]+[ \t]+){1,3}"
            r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Parkway|Highway|Pike))\b",
            0.7,
        ),
        Pattern(
            "po_box",
            r"(?P<phi>(?i:p\.?\s?o\.?\s+box|post\s+office\s+box)[ \t]*\d{1,6})\b",
            0.85,
        ),
        Pattern(
            "unit",
            r"(?P<phi>(?i:apt|apartment|suite|ste)\.?[ \t]*#?[ \t]*\d{1,5}[A-Z]?)\b",
            0.6,
        ),
    )
    CONTEXT = ("address", "lives", "street", "home", "resides")
