"""The leak gate: a second, independent pattern pass over already-redacted text.

Anything it finds slipped past the main pass (a recognizer switched off, an allow-listed
word used as a name, a score under the threshold): it is redacted too and the report is
flagged `phi_review` so an analyst sees it first. Its patterns are deliberately few and
high-precision, and it never looks inside placeholders.
"""

from __future__ import annotations

import regex

from triage.pipelines import allow_list
from triage.pipelines.anonymize import PLACEHOLDER
from triage.pipelines.english_words import is_english_word
from triage.pipelines.name_gazetteer import COMMON_WORD_NAMES, is_known_name
from triage.pipelines.recognizers.date import is_setting
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
            # not a ventilator string such as "AC 600x12/5/40%" (see is_setting)
            r"(?<![\d/])(?<!\d[ \t]*[xX*][ \t]*)"
            r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d{4}|\d{2})"
            r"(?![\d/]|[ \t]*%)"
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
            if etype == "PERSON" and (
                is_not_name(redacted[start:end])
                or _clinical_after_np(m.group(), redacted[start:end])
            ):
                continue
            # the recognizer's own rule, so both agree on what a date is
            if (
                etype == "DATE"
                and "/" in m.group()
                and is_setting(redacted, start, end)
            ):
                continue
            if any(s < end and start < e for _, s, e in found):
                continue
            found.append((etype, start, end))
    return sorted(found, key=lambda f: f[1])


def _clinical_after_np(match: str, word: str) -> bool:
    """After NP (also nasal prongs) or RN, charting words are no names.

    "2L NP LUNGS CLEAR", "on 4L NP. Sats 97%", "RN SBP": an allow-listed word, a
    dictionary word no name list holds, or anything after a full stop. Title-case
    word names stay ("NP Grace"), and so does every word after Dr. or Mrs.
    """
    if match[:2].upper() not in ("NP", "RN"):
        return False
    if match[2:3] == ".":
        return True  # the sentence ended: "on 2L NP. Lungs clear"
    w = word.strip(".,")
    if w.lower() in allow_list.default_words():
        return True
    if w.istitle() and w.lower() in COMMON_WORD_NAMES:
        return False
    return is_english_word(w, inflected=True) and not is_known_name(w)
