"""Names next to a title or credential: "Dr. Okafor", "RN JT", "Velta Weston, RN"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import name_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import (
    CAP_WORD,
    INITIAL,
    INITIALS,
    LOWER_NAME,
    NAME,
    NOT_NAME_WORDS,
    UNIT_TYPE_WORDS,
    UPPER_WORD,
    is_not_name,
    trim_name,
)

# Titles strong enough that an ALL-CAPS word after them is a name ("DR QUENNEVILLE").
_STRONG = (
    r"(?:\b(?i:dr|doctor|drs|doctors|mr|mrs|ms|miss|mx)\b['’]?\.?"
    r"|\b(?:RN|LPN|LVN|CNA|NP|CRNP|APRN|PA-C|RRT|CRNA|MD|PharmD|RPh|CNM|PCT|EMT)\b"
    r"|\bPharm\.?[ ]?D\.?)"
)
# Role words: a Title-case name must follow ("charge nurse Ellen Park").
_ROLE = (
    r"(?i:\b(?:nurse|pharmacist|midwife|surgeon|anesthesiologist|anesthetist"
    r"|hospitalist|intensivist|resident|attending|fellow|intern|tech|technician"
    r"|therapist|chaplain|manager|supervisor|educator|coordinator|director|reporter"
    r"|paramedic|reported\s+by|submitted\s+by|witnessed\s+by|signed\s+by"
    r"|rn|lpn|cna|np|md|pa|rt|rrt)\b\.?)"
)
# Weak prefixes: only a Title-case name counts ("pt John SMITH", not "PT RECEIVED").
_WEAK = r"(?i:\b(?:pt|patient|pt\.|resident\s+name|name)\b[:.]?)"
_CREDENTIAL = (
    r"(?:RN|R\.N\.|LPN|LVN|CNA|NP|CRNP|APRN|PA-C|RRT|CRNA|MD|M\.D\.|D\.O\."
    r"|PharmD|Pharm\.D\.|RPh|CNM|BSN|MSN|DNP|PhD|OTR|PCT|EMT)\b"
)


_CREDENTIAL_WORD = regex.compile(_CREDENTIAL)
_AMBIGUOUS_BEFORE = regex.compile(
    r"\b(?:NP|MS|PA|RT|MD|PT|CONTACT|PARTNER|BB|BG|[Cc]ontact)\b\.?[ \t,:]*$"
)
# Courtesy titles written as titles: any word after them is a surname ("Mr. Day",
# "MRS. PRICE"); "MR" bare is mitral regurgitation and "MS" mental status.
_COURTESY_BEFORE = regex.compile(
    r"\b(?:Mr\.?|Mrs\.?|Ms\.|Miss|MR\.|MRS\.?|MS\.)[ \t]*$"
)
# cues that name a person next, whatever the word: "BG WRIGHT", "CONTACT BEST"
_NAMING_CUE_BEFORE = regex.compile(r"\b(?:BB|BG|CONTACT|PARTNER|[Cc]ontact)\b[ \t,:]*$")
_STRONG_BEFORE = regex.compile(r"(?i:\b(?:dr|doctor|mr|mrs|miss|ms\.)[ \t.]*$)")
_CREDENTIAL_AFTER = regex.compile(r"^[ \t]*,?[ \t]*(?:RN|LPN|CNA|NP|MD|PA|RT)\b")


_ACTION_AFTER = regex.compile(
    r"[ \t]*(?:AWARE|NOTIFIED|PAGED|CALLED|INFORMED|UPDATED|ORDERED|REMAINED|PLACING"
    r"|IN[ \t]+TO|,?[ \t]*(?:RN|RRT|MD|NP|BSN|MSN|CNA|LPN|PA|DO|CRNA|RPH|CRT))\b"
)
_HEADING_BEFORE = regex.compile(r"(?:^|[\n.:;\-][ \t]*|^[ \t]+)$")
_INITIAL_SURNAME = regex.compile(r"[A-Z]\.[ \t]?[A-Z]{3,}(?:-[A-Z]{2,})?")
# genus initials and body sides that look like "K. SADDLER"
_NOT_SURNAMES = frozenset(
    [
        "coli",
        "aureus",
        "diff",
        "difficile",
        "pneumoniae",
        "pneumo",
        "aeruginosa",
        "pylori",
        "albicans",
        "glabrata",
        "fragilis",
        "faecalis",
        "faecium",
        "epidermidis",
        "cloacae",
        "marcescens",
        "influenzae",
        "mirabilis",
        "baumannii",
        "species",
        "spp",
    ]
)


def _initial_surname(value: str, before: str, after: str) -> bool:
    """'K. SADDLER' is a name; a microbe, a SOAP heading ("S. WARFARIN", "O. SUNNY")
    or a side ("L. ARM") is not: the word must be a known name or no English word.
    """
    initial, word = value[0], value[2:].strip().lower()
    if word in _NOT_SURNAMES or word in NOT_NAME_WORDS:
        return False
    if name_gazetteer.is_known_name(word):
        return True
    if len(word) < 4:
        return False
    if is_english_word(word) and (
        initial in "SOAPILR" or not _ACTION_AFTER.match(after)
    ):
        return False  # "K. SADDLER AWARE" yes, "K. SADDLER." alone no
    # S/O/A/P head SOAP note sections and I/II number them, at a line or sentence
    # start ("S. WARFARIN"); "FOR A. ANDZIAK" mid-sentence is a name. L/R are sides.
    if initial in "LR":
        return False
    return initial not in "SOAPI" or not _HEADING_BEFORE.search(before)


def _courtesy_surname(text: str, start: int, end: int) -> bool:
    """One word right after Mr./Mrs./Ms./Miss, and not a stop word ("Mr. Day")."""
    words = text[start:end].split()
    return (
        len(words) == 1
        and bool(_COURTESY_BEFORE.search(text[max(0, start - 6) : start]))
        and words[0].lower() not in STOP_WORDS
    )


def _plain_surname(word: str) -> bool:
    """An ALL-CAPS word that is no dictionary, clinical or unit word ("ORMAN")."""
    w = word.strip(".,").lower()
    return not (
        is_english_word(w)
        or is_not_name(w)
        or w in UNIT_TYPE_WORDS
        or w in allow_list_mod.default_words()
    )


def _lower_signature(value: str) -> bool:
    """'larissa brannock' before ', rn' is a name; 'the night' or 'charge' not."""
    words = [w for w in value.replace(".", " ").split() if len(w) > 1]
    return bool(words) and all(
        not is_not_name(w) and not name_gazetteer.is_dictionary_only(w) for w in words
    )


class TitledNameRecognizer(SpanPatternRecognizer):
    """Staff, patients and reporters named next to a title or credential."""

    ENTITY = "PERSON"
    OVERLAPPED = frozenset({"name_credential"})
    PATTERNS = (
        Pattern("title_name", rf"{_STRONG}[ \t]*,?[ \t]*(?P<phi>{NAME})", 0.85),
        Pattern(
            "role_name",
            rf"{_ROLE}[ \t]*[,:]?[ \t]*(?P<phi>(?:{INITIAL}[ \t]?)?{CAP_WORD}"
            rf"(?:[ \t]+{CAP_WORD})?)",
            0.75,
        ),
        Pattern("title_initials", rf"{_STRONG}[ \t]+(?P<phi>{INITIALS})", 0.8),
        # the second of two titled people: "Drs Ballou and Dutter", "DR CAMARDA AND
        # CLIFFORD AWARE"; one word, in the first name's case style
        Pattern(
            "title_pair",
            rf"{_STRONG}[ \t]*(?:{CAP_WORD}[ \t]+(?i:and|&)[ \t]+(?P<phi>{CAP_WORD})"
            rf"|{UPPER_WORD}[ \t]+(?:AND|&)[ \t]+(?P<phi>{UPPER_WORD}))(?![\w'’])",
            0.75,
        ),
        Pattern(
            "weak_title_name",
            rf"{_WEAK}[ \t]+(?P<phi>{CAP_WORD}[ \t]+(?:{CAP_WORD}|[A-Z]{{2,}}))\b",
            0.6,
        ),
        Pattern(
            "name_credential",
            rf"(?<![\w.])(?P<phi>{NAME}|{INITIALS})(?:[ \t]*,[ \t]*|[ \t]+)"
            rf"{_CREDENTIAL}"
            r"(?![a-z])",
            0.8,
        ),
        # cues nearly always followed by a name, whatever the case ("REPORTER BOATENG")
        Pattern(
            "cue_name_upper",
            r"(?i:\b(?:reporter|reported\s+by|contact|poa|partner|baby\s+(?:boy|girl)"
            r"|bb|bg)\b[:,]?)[ \t]+"
            rf"(?P<phi>(?:{INITIAL}[ \t]?)?{UPPER_WORD}|{INITIALS})(?![a-z])",
            0.7,
        ),
        # all-lower-case notes: "seen by dr pintor"
        # ALL-CAPS notes name staff by initial and surname: "K. SADDLER AWARE", "AS PER
        # J. BRISTOW"; microbes ("S. AUREUS", "E. COLI") and sides ("L. ARM") are not
        Pattern(
            "initial_surname_upper",
            r"(?<![\w.])(?P<phi>[A-Z]\.[ \t]?[A-Z]{3,}(?:-[A-Z]{2,})?)(?![\w.]*\.[A-Z])"
            r"(?=[ \t]*(?:,[ \t]*)?(?:AWARE|NOTIFIED|PAGED|CALLED|INFORMED|UPDATED|IN\b"
            r"|AT\b|ORDERED|PLACING|REMAINED|AND\b|[.:;,]|$|RN\b|RRT\b|MD\b|NP\b))",
            0.65,
        ),
        Pattern("dr_lower", rf"(?i:\bdr\b\.?)[ \t]+(?P<phi>{LOWER_NAME})", 0.6),
        # lower-case notes sign off "larissa brannock, rn", "t. sherwood rrt"
        Pattern(
            "lower_name_credential",
            r"(?<![\w.])(?P<phi>(?:[a-z]\.[ \t]?)?[a-z][a-z'’\-]{2,}"
            r"(?:[ \t]+[a-z][a-z'’\-]{2,})?)"
            r",?[ \t]+(?:rn|rrt|crt|lpn|cna|np|bsn|msn)\b",
            0.6,
        ),
    )
    CONTEXT = ()

    def accept(self, text: str, start: int, end: int) -> bool:
        """Reject spans that are common words, and the title word itself."""
        value = text[start:end]
        if _CREDENTIAL_WORD.fullmatch(value):
            return False  # "Ana Ruiz, BSN, RN": the first credential is no name
        if _INITIAL_SURNAME.fullmatch(value):
            return _initial_surname(
                value, text[max(0, start - 4) : start], text[end : end + 12]
            )
        if value.islower() and not value.startswith(("dr ", "dr.")):
            return _lower_signature(value)
        if _courtesy_surname(text, start, end):
            return True
        words = text[start:end].split()
        # the name must start right after the title: "NURSE IN CASE" is no name
        if not words or is_not_name(words[0]):
            return False
        if all(name_gazetteer.is_dictionary_only(w) for w in words):
            return False  # "by RT. Continue to monitor": a word, not a name
        value = text[start:end]
        if any(c.islower() for c in value) or len(value.strip(".")) <= 3:
            return True
        # An ALL-CAPS word after an ambiguous abbreviation ("NP CRACKLES" = nasal
        # prongs, "MS INCISION" = mental status/mid-sternal, "CONTACT PRECAUTIONS") or
        # before a credential ("SKIN CARE RN") is a name only if it is a known one.
        # Measured on PhysioNet ICU notes (docs/deid.md).
        before = text[max(0, start - 12) : start]
        after = text[end : end + 12]
        ambiguous = _AMBIGUOUS_BEFORE.search(before) or _CREDENTIAL_AFTER.match(after)
        if ambiguous and not _STRONG_BEFORE.search(before):
            # "SKIN CARE RN" no; "ORMAN RN", a surname no dictionary holds, yes
            if _NAMING_CUE_BEFORE.search(before) and all(
                w.lower() in name_gazetteer.COMMON_WORD_NAMES for w in words
            ):
                return True  # "BG WRIGHT", "CONTACT BEST AT": surnames that are words
            return any(name_gazetteer.is_known_name(w) for w in words) or (
                _CREDENTIAL_AFTER.match(after) is not None
                and not _AMBIGUOUS_BEFORE.search(before)
                and all(len(w) >= 4 and _plain_surname(w) for w in words)
            )
        return True

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with trailing common words trimmed from each name."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            span = trim_name(text, r.start, r.end)
            if span is None and _courtesy_surname(text, r.start, r.end):
                span = (r.start, r.end)  # "Mr. Day": a word, but a surname here
            if span is None:
                continue
            r.start, r.end = span
            if r.end - r.start == 1 and not text[r.start].isupper():
                continue
            out.append(r)
        return out
