"""Names next to a title or credential: "Dr. Okafor", "RN JT", "Velta Weston, RN"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import name_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer, pattern_name
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
    is_plain_name_word,
    trim_name,
)

# Titles strong enough that an ALL-CAPS word after them is a name ("DR QUENNEVILLE").
_STRONG = (
    # "Drs'", and "DR'S" for "Drs", whose S is no initial
    r"(?:\b(?i:dr|doctor|drs|doctors|mr|mrs|ms|miss|mx)\b(?:['’][sS](?!\w)|['’])?\.?"
    r"|\b(?:RN|LPN|LVN|CNA|NP|CRNP|APRN|PA-C|RRT|CRNA|MD|PharmD|RPh|CNM|PCT|EMT|HO)\b"
    r"|\bPharm\.?[ ]?D\.?)"
)
# Role words: a Title-case name must follow ("charge nurse Ellen Park").
_ROLE = (
    r"(?i:\b(?:nurse|pharmacist|midwife|surgeon|anesthesiologist|anesthetist"
    r"|hospitalist|intensivist|resident|attending|fellow|intern|tech|technician"
    r"|therapist|chaplain|manager|supervisor|educator|coordinator|director|reporter"
    r"|paramedic|specialist|consultant|dietitian|nutritionist|physician|docter"
    r"|reported\s+by|submitted\s+by|witnessed\s+by|signed\s+by)\b"
    # an abbreviation with a full stop ends a sentence: "on 2L NP. Lungs clear"
    r"|\b(?:rn|lpn|cna|np|md|pa|rt|rrt)\b(?!\.))"
)
# Weak prefixes: only a Title-case name counts ("pt John SMITH", not "PT RECEIVED").
_WEAK = r"(?i:\b(?:pt|patient|pt\.|resident\s+name|name)\b[:.]?)"
_CREDENTIAL = (
    r"(?:RN|R\.N\.|LPN|LVN|CNA|NP|CRNP|APRN|PA-C|RRT|CRT|CRNA|MD|M\.D\.|D\.O\."
    r"|PharmD|Pharm\.D\.|RPh|CNM|BSN|MSN|DNP|PhD|OTR|PCT|EMT)\b"
)


_CREDENTIAL_WORD = regex.compile(_CREDENTIAL)
_AMBIGUOUS_BEFORE = regex.compile(
    r"\b(?:NP|MS|PA|RT|MD|PT|HO|CONTACT|PARTNER|BB|BG|[Cc]ontact)\b\.?[ \t,:]*$"
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
        initial in "SOAPILR"
        or not (_ACTION_AFTER.match(after) or _PER_BEFORE.search(before))
    ):
        return False  # "K. SADDLER AWARE" yes, "K. SADDLER." alone no
    # S/O/A/P head SOAP note sections and I/II number them, at a line or sentence
    # start ("S. WARFARIN"); "FOR A. ANDZIAK" mid-sentence is a name. L/R are sides.
    if initial in "LR":
        return False
    return initial not in "SOAPI" or not _HEADING_BEFORE.search(before)


def _drop_second_upper_word(text: str, start: int, end: int) -> int:
    """The end of an ALL-CAPS titled name without a second word that is no name."""
    words = [m for m in regex.finditer(r"\S+", text[start:end])]
    names = [m for m in words if len(m.group().rstrip(".")) > 1]
    if (
        len(names) == 2
        and text[start:end].isupper()
        and not _second_upper_word(names[0].group(), names[1].group())
    ):
        return start + names[0].end()
    return end


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


# "MR"/"MS" as findings, not titles: "3+MR, WEANED", "changes in MS. Aspiration", and
# never a comma between a courtesy title and its name ("tr. MR , AI")
_FINDING_MR_MS = regex.compile(
    r"(?:(?:[\d+][ \t]*|\b(?i:in|of|and|or|no|mild|mod|moderate|severe|trace|ams)"
    r"[ \t]+)(?i:mr|ms)\b\.?[ \t]*,?|\b(?i:mr|ms)\b\.?[ \t]*,)[ \t]*$"
)
# a credential, then a comma: what follows starts a new clause ("per MD, NT suction",
# "DR X/RN, AGREED"), the name comes before a credential written so
_CREDENTIAL_COMMA_BEFORE = regex.compile(
    r"\b(?:RN|LPN|LVN|CNA|NP|CRNP|APRN|RRT|CRNA|MD|PA|RT|PCT|EMT|HO)[ \t]*,[ \t]*$"
)
# a three-letter word read aloud ("TOL", "SUP") rather than spelt out as initials
_SPOKEN_WORD = regex.compile(r"[B-DF-HJ-NP-TV-Z][AEIOU][B-DF-HJ-NP-TV-Z]")
_PER_BEFORE = regex.compile(r"\b(?i:per)[ \t]+$")
_REPORTER_BEFORE = regex.compile(r"\b(?i:reporter|reported\s+by)\b[ \t:,]*$")
_CREDENTIAL_AFTER_ANY = regex.compile(rf"[ \t]*,?[ \t]*{_CREDENTIAL}")


def _short_initials(value: str, before: str, after: str) -> bool:
    """'JT' after RN or "Reporter" is initials; after an ambiguous abbreviation or
    before a credential, clinical ("by MD EPI", "BY IV RN"), English or spoken words
    ("by MD TOL WELL") are not.
    """
    if _NAMING_CUE_BEFORE.search(before) or _REPORTER_BEFORE.search(before):
        return True
    if not (
        _AMBIGUOUS_BEFORE.search(before)
        or _CREDENTIAL_COMMA_BEFORE.search(before)
        or _CREDENTIAL_AFTER_ANY.match(after)
    ):
        return True
    w = value.lower()
    return not (
        w in allow_list_mod.default_words()
        or is_english_word(w)
        or _SPOKEN_WORD.fullmatch(value) is not None
    )


def _given_or_no_word(word: str) -> bool:
    """A known given name ("JOSHUA", in WordNet as a book) or no dictionary word."""
    return name_gazetteer.is_known_first_name(word) or not is_english_word(
        word, inflected=True
    )


def _name_word_upper(word: str) -> bool:
    """An ALL-CAPS word that is a name on its own: a known name no dictionary holds,
    or a word no list holds at all ("OKAFOR"; not "HELD", "AGREED", "PICC").
    """
    if name_gazetteer.is_known_name(word):
        return _given_or_no_word(word)
    return len(word) >= 4 and is_plain_name_word(word)


def _known_upper_name(words: list[str]) -> bool:
    """ALL-CAPS words a name list vouches for: "JOSHUA", "N. HOPE", "ELLIS
    VRANJES"; not a surname that is also a word alone ("LOPRESSOR HELD, MD").
    """
    names = [w for w in words if len(w.strip(".")) > 1]
    initial = len(names) < len(words)
    known = [name_gazetteer.is_known_name(w) for w in names]
    word = [not _given_or_no_word(w) for w in names]
    if any(k and (initial or not e) for k, e in zip(known, word, strict=True)):
        return True
    return (
        any(known)
        and not all(word)
        and all(k or is_plain_name_word(w) for k, w in zip(known, names, strict=True))
    )


def _second_upper_word(first: str, second: str) -> bool:
    """Whether the second ALL-CAPS word after a title is still the name: "DR LEVI
    OKAFOR" yes, "DR OKAFOR RECOMMENDED" / "DR OKAFOR PICC" no.
    """
    if name_gazetteer.is_known_name(second) and not is_english_word(
        second, inflected=True
    ):
        return True
    # a verb, even misspelt, is no surname: "DR OKAFOR NOTIFED"
    return (
        name_gazetteer.is_known_first_name(first)
        and is_plain_name_word(second)
        and not second.upper().endswith(("ED", "ING", "LY"))
    )


def _full_name(text: str, start: int, end: int) -> bool:
    """Given name, initial, surname: the given name is a known one or no word."""
    first = text[start:end].split()[0]
    return not is_not_name(first) and (
        name_gazetteer.is_known_first_name(first) or is_plain_name_word(first)
    )


def _per_name(text: str, start: int, end: int) -> bool:
    """After "per", a known name that is no clinical word ("per Holloway")."""
    w = text[start:end]
    return (
        len(w) >= 4
        and name_gazetteer.is_known_name(w)
        and not is_not_name(w)
        and w.lower() not in allow_list_mod.default_words()
        and w.lower() not in UNIT_TYPE_WORDS
    )


def _courtesy_lower(text: str, start: int, end: int) -> bool:
    """'mr brannigan': a word no dictionary holds, or a known name; after "ms" (also
    mental status, morphine) a known name only.
    """
    w = text[start:end]
    known = name_gazetteer.is_known_name(w) and not is_english_word(w, inflected=True)
    if text[max(0, start - 4) : start].rstrip(" \t.").endswith("ms"):
        return known
    return known or is_plain_name_word(w)


def _initial_action(text: str, start: int, end: int) -> bool:
    """'J HOLLOWAY ORDERED', 'J MARSH AWARE'; not an article, a side, potassium or
    an X-ray, nor a rhythm ("V TACH").
    """
    initial, word = text[start], text[start + 2 : end]
    return (
        initial not in "AIOXKLR"
        and word.lower() not in _NOT_SURNAMES
        and (
            name_gazetteer.is_known_name(word)
            or word.lower() in name_gazetteer.COMMON_WORD_NAMES
            or (len(word) >= 5 and is_plain_name_word(word))
        )
    )


def _given_lower(text: str, start: int, end: int) -> bool:
    """'consult with mary kowalczyk': known given names, then a surname no list or
    dictionary holds, with a word that calls for a person before or after (without,
    misspelt words pass: "thick tan secreations", "mae spont").
    """
    *given, last = text[start:end].split()
    if not (
        _PERSON_CUE_BEFORE.search(text, max(0, start - 16), start)
        or _PERSON_CUE_AFTER.match(text, end)
    ):
        return False
    return (
        all(name_gazetteer.is_known_first_name(w) for w in given)
        and len(last) >= 5
        and is_plain_name_word(last)
        and not name_gazetteer.is_known_first_name(last)
    )


def _bracketed(text: str, start: int, end: int) -> bool:
    """'RN (Tobias)'; in ALL CAPS a known name, not a specialty ("MD (ENT)")."""
    value = text[start:end]
    return not value.isupper() or _known_upper_name(value.split())


# words that call for a person next to a lower-case name
_PERSON_CUE_BEFORE = regex.compile(
    r"\b(?i:with|by|to|and|per|from|call(?:ed)?|paged?|notified|informed|contacted"
    r"|spoke|talked|dr|mrs?|ms|miss|staff|nurse|rn|md|np)\b\.?[ \t]+$"
)
_PERSON_CUE_AFTER = regex.compile(
    r"[ \t]+(?i:from|of|re|aware|called|said|says|will|is|was|at\s+bedside)\b"
    r"|[ \t]*,?[ \t]*(?i:rn|rrt|crt|md|np|lpn|cna|pa)\b"
)


# pattern-specific checks, run on each span after the shared `accept`
_PATTERN_CHECKS = {
    "title_bracket": _bracketed,
    "full_name_credential": _full_name,
    "per_name": _per_name,
    "courtesy_lower": _courtesy_lower,
    "initial_surname_action": _initial_action,
    "given_lower_surname": _given_lower,
}


class TitledNameRecognizer(SpanPatternRecognizer):
    """Staff, patients and reporters named next to a title or credential."""

    ENTITY = "PERSON"
    OVERLAPPED = frozenset({"name_credential", "given_lower_surname"})
    PATTERNS = (
        # "Dr. Pemberton-hale": the second part of a Title-case surname may be lower
        Pattern(
            "title_name",
            rf"{_STRONG}[ \t]*,?[ \t]*"
            rf"(?P<phi>{NAME}(?:(?<=\p{{Ll}})-\p{{Ll}}{{2,}}\b)?)",
            0.85,
        ),
        # a particle written without its apostrophe: "Dr. o donnell", "Dr. de vries"
        Pattern(
            "title_particle",
            r"(?i:\b(?:dr|mr|mrs|ms)\b\.?)[ \t]+"
            r"(?P<phi>(?:o|de|di|da|du|la|le|van|von|mc|mac)"
            r"[ \t]+[A-Za-z][a-z'’\-]{2,})"
            r"(?![\w'’])",
            0.7,
        ),
        # given name, initial and surname before a credential: "LEVI K. BRANNIGAN, RRT"
        Pattern(
            "full_name_credential",
            rf"(?<![\w.])(?P<phi>(?:{CAP_WORD}[ \t]+{INITIAL}[ \t]?{CAP_WORD}"
            rf"|{UPPER_WORD}[ \t]+{INITIAL}[ \t]?{UPPER_WORD}))"
            rf"(?:[ \t]*,[ \t]*|[ \t]+){_CREDENTIAL}(?![a-z])",
            0.8,
        ),
        # a name in brackets after a title: "RN (Tobias) has followed"
        Pattern(
            "title_bracket",
            rf"{_STRONG}[ \t]*\([ \t]*(?P<phi>{NAME})[ \t]*\)",
            0.8,
        ),
        # "per" a known name that then says or orders: "PER HOLLOWAY WILL HOLD" ("PER
        # ALINE" is by the arterial line)
        Pattern(
            "per_name",
            rf"\b(?:PER|[Pp]er)[ \t]+(?P<phi>{UPPER_WORD}|{CAP_WORD})"
            r"(?=[ \t]+(?i:will|wants|would|said|says|states|is|has|had|ordered|to)\b)",
            0.6,
        ),
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
            # no initial glued to a count or a slash ("40'S.", "A/O.", "D&I."), and
            # the surname a whole word ("R. GROIN" is no "R. GRO" + "IN")
            r"(?<![\w.'’/&+=])(?P<phi>[A-Z]\.[ \t]?[A-Z]{3,}(?:-[A-Z]{2,})?)(?![\w\-])"
            r"(?![\w.]*\.[A-Z])"
            r"(?=[ \t]*(?:,[ \t]*)?(?:AWARE|NOTIFIED|PAGED|CALLED|INFORMED|UPDATED|IN\b"
            r"|AT\b|ORDERED|PLACING|REMAINED|AND\b|[.:;,]|$|RN\b|RRT\b|MD\b|NP\b))",
            0.65,
        ),
        # "dr.okafor": no space after the full stop
        Pattern(
            "dr_lower", rf"(?i:\bdr\b)(?:\.[ \t]*|[ \t]+)(?P<phi>{LOWER_NAME})", 0.6
        ),
        # "mr brannigan had a quiet night": a word no dictionary holds, or a known name
        Pattern(
            "courtesy_lower",
            rf"(?<![\w.])(?:mrs?|ms|miss)\b\.?[ \t]+(?P<phi>{LOWER_NAME})",
            0.6,
        ),
        # lower-case notes: a given name stands in for a title ("consult with mary
        # kowalczyk"); searched at every word, as "with mary kowalczyk" hides it
        Pattern(
            "given_lower_surname",
            r"(?<![\w.'’\-])"
            r"(?P<phi>[a-z]{3,}(?:[ \t]+[a-z]{3,})?[ \t]+[a-z][a-z'’\-]{4,})"
            r"(?![\w'’\-])",
            0.55,
        ),
        # "J HOLLOWAY ORDERED": an initial without its full stop, before an action
        Pattern(
            "initial_surname_action",
            r"(?<![\w.'’/&+=])(?P<phi>[A-Z][ \t][A-Z]{3,}(?:-[A-Z]{2,})?)"
            r"(?=[ \t]+(?:AWARE|NOTIFIED|PAGED|CALLED|INFORMED|UPDATED|ORDERED)\b)",
            0.6,
        ),
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
        before = text[max(0, start - 16) : start]
        if _FINDING_MR_MS.search(before):
            return False
        if value.isupper() and value.isalpha() and len(value) <= 3:
            return _short_initials(value, before, text[end : end + 8])
        if (
            value.isupper()
            and _CREDENTIAL_COMMA_BEFORE.search(before)
            and not all(_name_word_upper(w) for w in value.split())
        ):
            return False
        if _INITIAL_SURNAME.fullmatch(value):
            return _initial_surname(value, before, text[end : end + 12])
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
        after = text[end : end + 12]
        ambiguous = _AMBIGUOUS_BEFORE.search(before) or _CREDENTIAL_AFTER.match(after)
        if ambiguous and not _STRONG_BEFORE.search(before):
            # "SKIN CARE RN" no; "ORMAN RN", a surname no dictionary holds, yes
            if _NAMING_CUE_BEFORE.search(before) and all(
                w.lower() in name_gazetteer.COMMON_WORD_NAMES for w in words
            ):
                return True  # "BG WRIGHT", "CONTACT BEST AT": surnames that are words
            return _known_upper_name(words) or (
                _CREDENTIAL_AFTER.match(after) is not None
                and not _AMBIGUOUS_BEFORE.search(before)
                and all(len(w) >= 4 and _plain_surname(w) for w in words)
            )
        return True

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with trailing common words trimmed from each name."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            pattern = pattern_name(r)
            check = _PATTERN_CHECKS.get(pattern)
            if check is not None and not check(text, r.start, r.end):
                continue
            if text[r.end - 2 : r.end].lower() in ("'s", "’s"):
                r.end -= 2  # "per dr. okafor's order": the name, not its 's
            if pattern == "title_name":
                r.end = _drop_second_upper_word(text, r.start, r.end)
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
