"""The leak gate: a second, independent pattern pass over already-redacted text.

Anything it finds slipped past the main pass (a recognizer switched off, an allow-listed
word used as a name, a score under the threshold): it is redacted too and the report is
flagged `phi_review` so an analyst sees it first. Its patterns are deliberately few and
high-precision, and it never looks inside placeholders.
"""

from __future__ import annotations

import regex

from triage.pipelines.anonymize import PLACEHOLDER
from triage.pipelines.recognizers.name_parts import CAP_WORD, UPPER_WORD, is_not_name

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
GATE_PATTERNS: tuple[tuple[str, regex.Pattern[str]], ...] = (
    (
        "EMAIL",
        regex.compile(
            r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
        ),
    ),
    ("ID", regex.compile(r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])")),
    (
        "PHONE",
        regex.compile(
            r"(?<![\d\-/])(?:\(\d{3}\)\s?|\d{3}[\-. ])\d{3}[\-.]\d{4}(?![\d\-])"
        ),
    ),
    (
        "ID",
        regex.compile(
            r"(?i:\b(?:mrn|fin|acct|account|member\s+id|ssn|serial|lot|licen[cs]e)\b"
            r"[\s#:.]*(?:no\.?|number)?[\s#:.]*)(?P<v>[A-Z0-9][A-Z0-9\-]{3,}\d)"
        ),
    ),
    ("ID", regex.compile(r"(?<![\d/.\-:])\d{8,}(?![\d/.\-:])")),
    (
        "DATE",
        regex.compile(
            r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2})(?![\d/])"
            r"|(?<!\d)(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"
            rf"|\b{_MONTH}\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b"
        ),
    ),
    (
        "PERSON",
        regex.compile(
            r"\b(?:Dr|DR|Mr|Mrs|MRS|Ms|RN|LPN|CNA|NP)\.?[ \t]+"
            rf"(?P<v>{CAP_WORD}|{UPPER_WORD})"
        ),
    ),
)


def find_leaks(redacted: str) -> list[tuple[str, int, int]]:
    """(type, start, end) of PHI-looking text left in a redacted narrative."""
    hidden = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(redacted)]
    found: list[tuple[str, int, int]] = []
    for etype, pattern in GATE_PATTERNS:
        for m in pattern.finditer(redacted):
            start, end = m.span("v") if "v" in pattern.groupindex else m.span()
            if any(s < end and start < e for s, e in hidden):
                continue
            if etype == "PERSON" and is_not_name(redacted[start:end]):
                continue
            if any(s < end and start < e for _, s, e in found):
                continue
            found.append((etype, start, end))
    return sorted(found, key=lambda f: f[1])
