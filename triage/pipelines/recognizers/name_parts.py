"""Regex fragments for personal names and the words that are never a name after a title.

Shared by the name recognizers and the leak gate so "what a name looks like" is said once.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

# One part of a surname or given name as written in notes: Okafor, McCue, O'Driscoll,
# Hanley-McCue, OKAFOR, O'DRISCOLL. Case-sensitive on purpose: the capital is the signal.
_PART = r"(?:Mc|Mac|O['’]|D['’]|De|La|Van)?[A-Z][a-z]+"
_UPART = r"(?:[A-Z]['’])?[A-Z]{2,}"
CAP_WORD = rf"{_PART}(?:-{_PART})*"
UPPER_WORD = rf"{_UPART}(?:-{_UPART})*"
INITIAL = r"[A-Z]\.?"
# Initials used as a name, "RN JT", "CNA K.L."
INITIALS = r"[A-Z]{2,3}\b|(?:[A-Z]\.){2,3}"
# A name after a title: optional initial, then one or two name words. Two words only
# in the same case style, so "Dr. Sato Disclosed" is still caught but "Dr MAHN HAS" is
# trimmed by the stop-word check in `trim_name`.
NAME = (
    rf"(?:{INITIAL}\s?)?(?:{CAP_WORD}(?:[ \t]+{CAP_WORD})?"
    rf"|{UPPER_WORD}(?:[ \t]+{UPPER_WORD})?)"
)
# Lower-case names occur after "dr" in all-lower-case notes ("seen by dr healey").
LOWER_NAME = r"[a-z](?:[a-z'’\-]){2,}"

# Words that follow a title or a kinship word but are not names. Kept lower case.
NOT_NAME_WORDS = frozenset(STOP_WORDS) | frozenset(
    """
    aware notified called paged informed updated contacted consulted present here
    there note notes order orders ordered office team service on-call oncall covering
    resident attending fellow intern staff nurse nurses charge primary floor unit
    aware. to at in up out by with from will was is has had and or for of the this
    that see seen saw said says states stated came come comes spoke speak spoken
    talked called-in bedside notified. made placed gave given started stopped
    increased decreased changed checked examined evaluated assessed reviewed
    rounded rounds round team's pt patient pts float agency travel traveler
    receiving sending oncoming offgoing outgoing incoming new night days nights
    manager supervisor educator director coordinator pharmacist pharmacy tech
    technician therapist chaplain surgeon physician doctor reporter witness risk
    quality safety biomed security lab radiology policy protocol procedure
    housekeeping transport dietary admitting registration anesthesia surgery
    hospitalist intensivist midwife anesthesiologist paramedic ems
    line lines away access flowsheet carevue protocol scale sliding
    bedside covering assigned previous prior same other another second first family wife husband son daughter
    mother father sister brother friend dtr sis bro nephew niece aunt uncle
    cousin grandson granddaughter mom dad parents children kids visitor visitors
    am pm tonight today tomorrow yesterday night day evening morning noon shift
    now then also again still already just only not no yes ok okay
    assessment plan impression recommendation recommendations report reports
    note. unit. md rn np pa lpn cna rt rrt crna pharmd dr mr mrs ms
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec
    icu ed er or pacu nicu picu micu sicu ccu csru cvicu l&d
    """.split()
)


_WORD = regex.compile(r"[^\s]+")


def is_not_name(word: str) -> bool:
    """True when a candidate name word is really a common or clinical word."""
    w = word.strip(".,;:'’").lower()
    return not w or w in NOT_NAME_WORDS


def trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop trailing non-name words from a name span; None when nothing is left."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]
    while words and is_not_name(text[words[-1][0] : words[-1][1]]):
        words.pop()
    if not words:
        return None
    # A leading initial alone ("Dr. K.") is not enough to call a name.
    return words[0][0], words[-1][1]
