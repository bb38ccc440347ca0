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
    r"|of|out\s+of|dose|doses|tabs?|units|mode|to|ventilation|mask|perrla|pupils"
    r"|rate)[ \t:=\-]*$|&[ \t]*$)"
)
# Ventilator and hemodynamic wording: an m/d-looking number in the same clause is a
# setting (PSV 10/5, IMV 700x10 ... 8/5, CO/CI 5/3); volume x rate is "700x10" or
# "12*650", never a wound's "1.5 x 1 cm". "R AC"/"left AC" is the antecubital fossa,
# where lines are placed, not assist-control.
_SETTING_WORD = (
    r"psv?|cpap|bi-?pap|peep|imv|simv|prvc|vent(?:ed|s)?|ventilat\w*|flow-?by"
    r"|fio2|tv|vt|vts|settings?|trial(?:ed|s)?|co/ci(?:/svr)?|ci|svr"
    r"|pcwp|wedge|cvp|a/c|(?<!\b(?:[rl]|rt|lt|right|left)\.?[ \t]+)ac"
)
_SETTING_BEFORE_CLAUSE = regex.compile(
    rf"\b(?:{_SETTING_WORD})\b|\b(?:\d{{3,4}}[ \t]*[x*][ \t]*\d{{1,2}}"
    r"|\d{1,2}[ \t]*[x*][ \t]*\d{3,4})\b",
    regex.IGNORECASE,
)
# a mode or weaning verb right before the value, even through "of/on/to/at": "PSV of
# 10/5", "trialed on 5/5", "changed to PS 10/5" (a noun such as "vent on 10/5" is not)
_SETTING_JUST_BEFORE = regex.compile(
    r"(?i:\b(?:psv?|cpap|bi-?pap|peep|imv|simv|prvc|flow-?by|settings?|trial(?:ed)?"
    r"|wean(?:ed)?)[ \t:=\-]*(?:(?:of|on|to|at)[ \t]+)?$)"
)
# after the value: a mode word, an FiO2 ("5/5, 40%"), culture bottles ("2/4 bottles")
_SETTING_NEXT = regex.compile(
    r"(?i:[ \t]*(?:psv?|cpap|bi-?pap|peep|imv|simv|flow-?by|ps/cpap|psv/cpap)\b"
    r"|,?[ \t]*\d{2,3}[ \t]*%|[ \t]*(?:bottles?|(?:bl(?:oo)?d?|b)[ \t.]*cx|bc|sets)\b)"
)
# "on 4/10 PSV 6/6": the mode word after the value has a setting of its own, so the
# value before it is not that setting
_MODE_WITH_OWN_VALUE = regex.compile(
    r"(?i:[ \t]*(?:psv?|cpap|bi-?pap|imv|simv)[ \t:=]*(?:of[ \t]+)?\d{1,2}/\d{1,2})"
)
# a clock time right after: "10/17 0500", "9/3 @ 2200", "9/3 at 4pm"
_TIME_NEXT = regex.compile(
    r"(?i:[ \t]+(?:@|at)?[ \t]*(?:(?:[01]\d|2[0-3]):?[0-5]\d\b|\d{1,2}[ \t]*[ap]m\b))"
)
# "blood cx 2/4", "BC + 4/4": culture sets come in twos and fours
_CULTURE_BEFORE = regex.compile(r"(?i:\b(?:cx|cultures?|bc|bcx)[ \t:+]*$)")
# a clause ends at a line break, a semicolon or a full stop before a space
_CLAUSE_END = regex.compile(r"[\n;]|(?<!\d)\.(?=[ \t])")
_DATE_CUE = regex.compile(
    r"(?i:\b(?:on|since|from|dated?|until|thru|through|admitted|admission|done|of"
    r"|placed|inserted|started|changed|removed|extubated|intubated|extubate|d/?c'?d"
    r"|rec'?d|readmitted|transferred|completed|last[ \t]+doses?|off|referred"
    r"|presented|arrived|bm|seen(?:[ \t]+in[ \t]+(?:the[ \t]+)?\w+)?"
    r"|(?:ex|in)tubation)"
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
# where a numeric date may start: not inside a number, a ratio or a product ("7.8/31",
# "140'2/70", "700x10/5", " x3/4"), but after a word and a dot, dash, colon or x
# ("Ward.8/31", "UO-9/10", "HX:8/30", "fx4/97")
_NUM_START = r"(?<![\d/#&])(?<!\d[.\-:'xX*])(?<!\b[xX])"
# what may follow an m/d: no unit, score or "up" ("crackles 1/3 up", "1/2 amp")
_MD_END = (
    r"(?![\d/%]|\.\d|[A-Za-z]|[ \t]*(?i:mm|%|cm|mg|ml|cc|strength|score|peep"
    r"|fio2|up\b|way\b|hours?\b|hrs?\b|amp|ns\b))"
)
_HAS_YEAR = regex.compile(r"(?:19|20)\d{2}\b")
_FRACTIONS = frozenset({"1/2", "1/3", "2/3", "1/4", "3/4", "2/2", "1/1"})


def _clause_before(text: str, start: int, width: int = 35) -> str:
    """The text before `start` back to `width` characters or the clause's start."""
    before = text[max(0, start - width) : start]
    ends = list(_CLAUSE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def is_setting(text: str, start: int, end: int) -> bool:
    """Whether the slashed number at start:end is a ventilator/hemodynamic setting.

    Shared by the recognizer, the NER gate and the leak gate so they agree on what a
    date is: "PSV 10/5", "AC 600x12/5/40%", "5/5 PSV", "CO/CI 5/3", "2/4 bottles". A
    date cue right before the value ("placed 8/14") outweighs setting words that only
    sit earlier in the clause, but not a mode word right before or after it.
    """
    if _HAS_YEAR.search(text[start:end]):
        return False  # a four-digit year is a date whatever the clause says
    after = text[end : end + 20]
    after = after[: m.start()] if (m := _CLAUSE_END.search(after)) else after
    if _SETTING_NEXT.match(after) and not _MODE_WITH_OWN_VALUE.match(after):
        return True
    near = text[max(0, start - 20) : start]
    if _SETTING_JUST_BEFORE.search(near):
        return True
    if _TIME_NEXT.match(after):
        return False  # "CO/CI/SVR (10/17 0500)": the date and time of a reading
    parts = text[start:end].split("/")
    if (
        len(parts) == 2
        and parts[1] in ("2", "4")
        and parts[0].strip().isdigit()
        and int(parts[0]) <= int(parts[1])
        and _CULTURE_BEFORE.search(near)
    ):
        return True
    clause = _clause_before(text, start)
    if not _SETTING_BEFORE_CLAUSE.search(clause):
        return False
    return not _DATE_CUE.search(near)


class DateRecognizer(SpanPatternRecognizer):
    """Whole date expressions: 3/14/2024, 2024-03-14, March 14th, 14-Mar-24, the 3rd."""

    ENTITY = "DATE"
    PATTERNS = (
        Pattern(
            "numeric_mdy",
            _NUM_START + r"(?P<phi>(?:0?[1-9]|1[0-2])([/\-.])(?:0?[1-9]|[12]\d|3[01])\2"
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
            _NUM_START
            + r"(?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))"
            + _MD_END,
            0.6,
        ),
        # "6/30-7/2": a range written without spaces, one span
        Pattern(
            "numeric_md_range",
            _NUM_START + r"(?P<phi>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])-"
            r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))" + _MD_END,
            0.6,
        ),
        Pattern(
            "month_2digit_year",
            _NUM_START
            + r"(?P<phi>(?:0?[1-9]|1[0-2])/(?:3[2-9]|[4-9]\d))(?![\d/%]|\.\d)",
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
        # a month alone after a time preposition is still a date element ("in
        # Sept.", "since October"); not May/March (words) nor Dec/Mar (decreased)
        Pattern(
            "cued_month",
            r"(?i:\b(?:in|since|during|early|late|mid|until|by)[ \t\-]+)"
            r"(?P<phi>(?i:january|february|april|june|july|august|september|october"
            r"|november|december|jan|feb|apr|jun|jul|aug|sept?|oct|nov))\b"
            r"(?![ \t]*\.?[ \t]*\d)",
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
        if "/" in value and is_setting(text, start, end):
            return False
        if "-" in value and any(p in _FRACTIONS for p in value.split("-")):
            return False  # "crackles 1/3-1/2 up": a fraction range
        if "/" in value and value.count("/") == 1:
            before = text[max(0, start - 20) : start]
            cued = bool(_DATE_CUE.search(before)) or (
                value not in _FRACTIONS and bool(_RANGE_CUE.search(before))
            )
            if not cued and (
                _NOT_DATE_BEFORE.search(before)
                or value in _FRACTIONS
                or (value.endswith("/10") and self._score_context(text, start, end))
            ):
                return False
            # "2/3 of" or "1/2 tab": fractions, not dates
            after = text[end : end + 6].lower()
            if after.startswith((" of", " tab", " dose", " nl", " strength")):
                return False
        first = value.split()[0].rstrip(".,").lower() if value.split() else ""
        if first in ("may", "march", "mar") and not any(c.isdigit() for c in value):
            return False
        # "may 2" in "you may 2 ..." : the month word must be capitalised or all caps,
        # unless a year follows ("in march of 2022")
        if first in ("may", "mar", "march") and not _HAS_YEAR.search(value):
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


# one separator throughout ("7.5/12" is no date) and a 19xx/20xx or two-digit year
# ("3/2/1500" is CO/CI/SVR)
_NUMERIC_DATE = regex.compile(
    r"(?P<m>\d{1,2})(?P<s>[/\-.])(?P<d>\d{1,2})(?:(?P=s)(?P<y>\d{2}|(?:19|20)\d{2}))?"
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
_SETTING_BEFORE = regex.compile(r"[\d.][\-/]$|\d[ \t]*[xX*]$|\d'$")
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
