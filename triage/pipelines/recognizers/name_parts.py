"""Regex fragments for personal names and the words that are never a name after a title.

Shared by the name recognizers and the leak gate: "what a name looks like", once.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines import allow_list
from triage.pipelines.english_words import is_english_word

# One part of a surname or given name as written in notes: Okafor, McCrae, O'Dowd,
# Rowley-McCrae, OKAFOR, O'DOWD. Case-sensitive on purpose: capitals are the signal.
# Any Latin script ("Nájera", "Geißler", "ZOÉ", "PHẠM"): used with the `regex` module.
_PART = r"(?:Mc|Mac|O['’]|D['’]|De|La|Van)?\p{Lu}\p{Ll}+"
_UPART = r"(?:\p{Lu}['’])?\p{Lu}{2,}"
CAP_WORD = rf"{_PART}(?:-{_PART})*"
UPPER_WORD = rf"{_UPART}(?:-{_UPART})*"
INITIAL = r"[A-Z]\.?"
# Initials used as a name, "RN JT", "CNA K.L."
INITIALS = r"[A-Z]{2,3}\b|(?:[A-Z]\.){2,3}"
# A name after a title: optional initial, then one or two name words. Two words only
# in the same case style, so "Dr. Sato Disclosed" is still caught but "Dr PINTOR HAS" is
# trimmed by the stop-word check in `trim_name`.
NAME = (
    rf"(?:{INITIAL}\s?)?(?:{CAP_WORD}(?:[ \t]+{CAP_WORD})?"
    rf"|{UPPER_WORD}(?:[ \t]+{UPPER_WORD})?)"
)
# Lower-case names occur after "dr" in all-lower-case notes ("seen by dr pintor").
LOWER_NAME = r"[a-z](?:[a-z'’\-]){2,}"

# Words that follow a title or a kinship word but are not names. Kept lower case.
# Unit-type abbreviations: never a name, a place or a facility on their own.
UNIT_TYPE_WORDS = frozenset(
    [
        "icu",
        "ed",
        "er",
        "or",
        "pacu",
        "nicu",
        "picu",
        "micu",
        "sicu",
        "ccu",
        "csru",
        "cvicu",
    ]
)
NOT_NAME_WORDS = frozenset(STOP_WORDS) | frozenset(
    [
        # form labels after "Reporter" ("Reporter Phone:", "Reporter Email:")
        "phone",
        "email",
        "e-mail",
        "pager",
        "fax",
        "ext",
        "lic",
        "license",
        "aware",
        "notified",
        "called",
        "paged",
        "informed",
        "updated",
        "contacted",
        "consulted",
        "present",
        "here",
        "there",
        "note",
        "notes",
        "order",
        "orders",
        "ordered",
        "office",
        "team",
        "service",
        "on-call",
        "oncall",
        "covering",
        "resident",
        "attending",
        "fellow",
        "intern",
        "staff",
        "nurse",
        "nurses",
        "charge",
        "primary",
        "floor",
        "unit",
        "aware.",
        "to",
        "at",
        "in",
        "up",
        "out",
        "by",
        "with",
        "from",
        "will",
        "was",
        "is",
        "has",
        "had",
        "and",
        "or",
        "for",
        "of",
        "the",
        "this",
        "that",
        "see",
        "seen",
        "saw",
        "said",
        "says",
        "states",
        "stated",
        "came",
        "come",
        "comes",
        "spoke",
        "speak",
        "spoken",
        "talked",
        "called-in",
        "bedside",
        "notified.",
        "made",
        "placed",
        "gave",
        "given",
        "started",
        "stopped",
        "increased",
        "decreased",
        "changed",
        "checked",
        "examined",
        "evaluated",
        "assessed",
        "reviewed",
        "rounded",
        "rounds",
        "round",
        "team's",
        "pt",
        "patient",
        "pts",
        "float",
        "agency",
        "travel",
        "traveler",
        "receiving",
        "sending",
        "oncoming",
        "offgoing",
        "outgoing",
        "incoming",
        "new",
        "night",
        "days",
        "nights",
        "manager",
        "supervisor",
        "educator",
        "director",
        "coordinator",
        "pharmacist",
        "pharmacy",
        "tech",
        "technician",
        "therapist",
        "chaplain",
        "surgeon",
        "physician",
        "doctor",
        "reporter",
        "witness",
        "risk",
        "quality",
        "safety",
        "biomed",
        "security",
        "lab",
        "radiology",
        "policy",
        "protocol",
        "procedure",
        "housekeeping",
        "transport",
        "dietary",
        "admitting",
        "registration",
        "anesthesia",
        "surgery",
        "hospitalist",
        "intensivist",
        "midwife",
        "anesthesiologist",
        "paramedic",
        "ems",
        "line",
        "lines",
        "away",
        "access",
        "flowsheet",
        "carevue",
        "protocol",
        "scale",
        "sliding",
        "bedside",
        "covering",
        "assigned",
        "previous",
        "prior",
        "same",
        "other",
        "another",
        "second",
        "first",
        "family",
        "wife",
        "husband",
        "son",
        "daughter",
        "mother",
        "father",
        "sister",
        "brother",
        "friend",
        "dtr",
        "sis",
        "bro",
        "nephew",
        "niece",
        "aunt",
        "uncle",
        "cousin",
        "grandson",
        "granddaughter",
        "mom",
        "dad",
        "parents",
        "children",
        "kids",
        "visitor",
        "visitors",
        "am",
        "pm",
        "tonight",
        "today",
        "tomorrow",
        "yesterday",
        "night",
        "day",
        "evening",
        "morning",
        "noon",
        "shift",
        "now",
        "then",
        "also",
        "again",
        "still",
        "already",
        "just",
        "only",
        "not",
        "no",
        "yes",
        "ok",
        "okay",
        "assessment",
        "plan",
        "impression",
        "recommendation",
        "recommendations",
        "report",
        "reports",
        "note.",
        "unit.",
        "md",
        "rn",
        "np",
        "pa",
        "lpn",
        "cna",
        "rt",
        "rrt",
        "crna",
        "pharmd",
        "dr",
        "mr",
        "mrs",
        "ms",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        *UNIT_TYPE_WORDS,
        "l&d",
    ]
)


_WORD = regex.compile(r"[^\s]+")


def is_not_name(word: str) -> bool:
    """True when a candidate name word is really a common or clinical word."""
    w = word.strip(".,;:'’").lower()
    return not w or w in NOT_NAME_WORDS


def is_plain_name_word(word: str) -> bool:
    """A word no dictionary, clinical list or stop list holds ("Vrenkova", "Okafor").

    For a word next to a name already found: it is the rest of that name, not a
    word of the sentence ("MARTA VRENKOVA", not "NATALY AWARE" or "OKAFOR IMMEDIATELY").
    """
    w = word.strip(".,;:()'’").lower()
    parts = [p for p in w.split("-") if p]
    return (
        len(w) >= 3
        and bool(parts)
        and all(p.isalpha() for p in parts)
        and not is_not_name(w)
        and w not in allow_list.default_words()
        and not any(is_english_word(p, inflected=True) for p in parts)
        and not any(p in allow_list.default_words() for p in parts)
    )


def trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing non-name words from a name span; None when nothing is left."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    while words and is_not_name(text[words[-1][0] : words[-1][1]]):
        words.pop()
    if not words:
        return None
    # A leading initial alone ("Dr. K.") is not enough to call a name.
    return words[0][0], words[-1][1]
