"""Dates as incident reports write them; never bare years, times, durations, POD 2."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# never inside a word: "FIO2 DECREASED" holds no "2 DEC"
_MON = rf"(?<![A-Za-z])(?i:{_MONTH})(?![A-Za-z])\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2})"
_WEEKDAY = (
    r"(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?[ \t]+)"
)
# Numbers that look like m/d but are scores, ratios or settings when preceded by these
# (a date cue before the value overrides: "vent via trach (placed 8/14)").
_NOT_DATE_BEFORE = regex.compile(
    r"(?i:\b(?:apgar|apgars|pain|score|bp|b/p|peep|cpap|bipap|ps|psv|ratio|strength|grip"
    r"|motor|gcs|rass|cam|mmse|moca|fio2|vent|settings|x|i/o|io|o2|sat|sats|hr|rr"
    r"|of|out\s+of|dose|doses|tabs?|units?|mode|to|ventilation|mask|perrla|pupils"
    r"|rate|&)[ \t:=]*)$"
)
_VENT_WORDS = regex.compile(
    r"(?i:\b(?:psv?|cpap|bi-?pap|peep|vent|ventilat\w*|mask|a/?c|simv)\b)"
)
_DATE_CUE = regex.compile(
    r"(?i:\b(?:on|since|from|dated?|until|thru|through|admitted|admission|done|of"
    r"|placed|inserted|started|changed|removed|extubated|intubated|extubate|d/?c'?d"
    r"|rec'?d|readmitted|transferred|completed)"
    r"[ \t]*$)|(?i:\b(?:date|doe|dos|dob)\b[^\n|]{0,12}:[ \t]*$)"
)
# the second date of a range: "from 9/16 to 9/20", "8/2 - 8/10", "8/9 or 8/10"
_RANGE_CUE = regex.compile(
    r"(?<![\d/.])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])[ \t]*"
    r"(?i:-|to|thru|through|or|and|&)[ \t]*$"
)
# x/10 is a pain or symptom score next to these words, a date elsewhere
_SCORE_WORDS = regex.compile(
    r"(?i:\b(?:pain|ache|aching|discomfort|rate[sd]?|rating|scale|score|level"
    r"|intensity|nausea|sore(?:ness)?|c/o|denies|tenderness|dyspnea|anxiety|cp"
    r"|chest|angina|headache|h/a)\b)"
)
_FRACTIONS = frozenset({"1/2", "1/3", "2/3", "1/4", "3/4", "2/2", "1/1"})


class DateRecognizer(SpanPatternRecognizer):
    """Whole date expressions: 3/14/2024, 2024-03-14, March 14th, 14-Mar-24, the 3rd."""

    ENTITY = "DATE"
    PATTERNS = (
        Pattern(
            "numeric_mdy",
            r"(?<![\d/.\-:])(?P<phi>(?:0?[1-9]|1[0-2])([/\-.])(?:0?[1-9]|[12]\d|3[01])\2"
            r"(?:(?:19|20)\d{2}|\d{2}))(?![\d/\-:%]|\.\d)",
            0.9,
        ),
        Pattern(
            "iso",
            r"(?<![\d/\-])(?P<phi>(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
            r"(?![\d\-])",
            0.95,
        ),
        Pattern(
            "numeric_md",
            r"(?<![\d/.\-:#xX&])(?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))"
            r"(?![\d/%]|\.\d|[A-Za-z]|[ \t]*(?i:mm|%|cm|mg|ml|cc|strength|score|peep"
            r"|fio2|up\b|way\b|hours?\b|hrs?\b|amp|ns\b))",
            0.6,
        ),
        Pattern(
            "month_2digit_year",
            r"(?<![\d/.\-:#xX&])(?P<phi>(?:0?[1-9]|1[0-2])/(?:3[2-9]|[4-9]\d))(?![\d/%]|\.\d)",
            0.6,
        ),
        Pattern(
            "month_day_year",
            rf"(?P<phi>{_WEEKDAY}?{_MON}[ \t]+{_DAY}(?:,?[ \t]+(?:{_YEAR}))?)"
            r"(?!\d|:\d)",
            0.85,
        ),
        Pattern(
            "day_month_year",
            rf"(?<![\dA-Za-z])(?P<phi>{_DAY}(?:[ \t]+(?i:of)[ \t]+|[ \t\-]){_MON}"
            rf"(?:,?[ \t\-]+(?:{_YEAR}|\d{{2}}))?)(?!\d|:\d)",
            0.85,
        ),
        Pattern(
            "month_year",
            rf"(?P<phi>{_MON}(?:[ \t]+(?i:of))?,?[ \t]+(?:19|20)\d{{2}})(?!\d)",
            0.7,
        ),
        Pattern(
            "the_nth",
            r"(?i:\b(?:on|since|until|from|by|before|after|of)[ \t]+)"
            r"(?P<phi>(?i:the)[ \t]+(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th))\b",
            0.7,
        ),
    )
    CONTEXT = ("date", "dob", "born", "on", "since", "admitted", "discharged", "dated")

    def accept(self, text: str, start: int, end: int) -> bool:
        """Drop May/March-as-a-word and m/d that is really a score or a setting."""
        value = text[start:end]
        if "/" in value and value.count("/") == 1:
            before = text[max(0, start - 20) : start]
            cued = bool(_DATE_CUE.search(before)) or (
                value not in _FRACTIONS and bool(_RANGE_CUE.search(before))
            )
            if not cued and (
                _NOT_DATE_BEFORE.search(before)
                or value in _FRACTIONS
                or (value.endswith("/10") and self._score_context(text, start, end))
                or _VENT_WORDS.search(text[max(0, start - 30) : start])
            ):
                return False
            # "2/3 of" or "1/2 tab": fractions, not dates
            after = text[end : end + 6].lower()
            if after.startswith((" of", " tab", " dose", " nl", " strength")):
                return False
        first = value.split()[0].rstrip(".,").lower() if value.split() else ""
        if first in ("may", "march", "mar") and not any(c.isdigit() for c in value):
            return False
        # "may 2" in "you may 2 ..." : the month word must be capitalised or all caps
        if first in ("may", "mar", "march"):
            word = value.split()[0]
            if word.islower():
                return False
        return True

    @staticmethod
    def _score_context(text: str, start: int, end: int) -> bool:
        """Whether x/10 sits beside pain or score wording (40 before, 25 after)."""
        return bool(
            _SCORE_WORDS.search(text[max(0, start - 40) : start])
            or _SCORE_WORDS.search(text[end : end + 25])
        )


_NUMERIC_DATE = regex.compile(
    r"(?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})(?:[/\-.](?P<y>\d{2}|\d{4}))?"
)
_WORDY_DATE = regex.compile(rf"{_MON}|\b(?i:the)[ \t]+\d")
_WORDY_OK = regex.compile(
    rf"{_MON}[ \t]*\d{{1,2}}(?!\d)"
    rf"|\d{{1,2}}(?i:st|nd|rd|th)?[ \t\-]+(?:(?i:of)[ \t]+)?{_MON}"
    rf"|{_MON},?[ \t]+(?:19|20)\d{{2}}|\b(?i:the)[ \t]+\d"
)
_FULL_MONTH = regex.compile(
    r"January|February|April|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
)
_ISO_DATE = regex.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}")
_SETTING_BEFORE = regex.compile(r"[\d.][\-/]$|\d[ \t]*x$")
_SETTING_AFTER = regex.compile(r"[/\-]\d|\.\d|[ \t]?%")
_DATE_RECOGNIZER: DateRecognizer | None = None


def plausible_date(text: str, start: int, end: int) -> bool:
    """Whether a model's DATE span can be a date at all (used to gate NER output).

    Month names pass; numeric values need a real month and day, and must not be part
    of a vitals or settings string ("BP 82-97/45", "PSV 10/5", "7.38/44/82").
    """
    global _DATE_RECOGNIZER
    value = text[start:end]
    if _WORDY_DATE.search(value):
        # a month word needs a day or year beside it, or to be a whole month name:
        # "DEC TO 20-35CC" (decreased), "may need" (a verb) are no dates
        return bool(_WORDY_OK.search(value) or _FULL_MONTH.fullmatch(value.strip()))
    m = _NUMERIC_DATE.fullmatch(value.strip())
    if m is None:
        return bool(_ISO_DATE.fullmatch(value.strip()))
    if not (1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31):
        return False
    if m["y"] is None and "/" not in value:
        return False  # "12-18", "2-3": ranges; a dashed date carries its year
    if _SETTING_BEFORE.search(text[max(0, start - 2) : start]):
        return False
    if _SETTING_AFTER.match(text[end : end + 2]):
        return False
    if _DATE_RECOGNIZER is None:
        _DATE_RECOGNIZER = DateRecognizer()
    return _DATE_RECOGNIZER.accept(text, start, end)
