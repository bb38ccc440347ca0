"""PHI from spaCy NER: the pretrained model's doc.ents, the trained one's spans."""

from __future__ import annotations

from collections.abc import Mapping

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Span

from triage.pipelines import english_words, name_gazetteer, text_style
from triage.pipelines.allow_list import AllowList
from triage.pipelines.recognizers.date import plausible_date
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS

# Where the trained PHI NER leaves its entities (doc.ents is the pretrained NER's).
PHI_SPANS_KEY = "phi"

_TITLES = frozenset(
    [
        "dr",
        "dr.",
        "doctor",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "rn",
        "lpn",
        "cna",
        "np",
        "pa",
        "md",
        "pt",
        "pt.",
        "patient",
        "nurse",
        "son",
        "daughter",
        "wife",
        "husband",
        "the",
        "a",
        "an",
        "per",
        "by",
    ]
)


def _title_like(word: str) -> bool:
    """Okafor, O'Neil, McCue, K. -- a capital followed by lower case (or an initial)."""
    w = word.strip(".,'’")
    if len(w) == 1:
        return w.isupper()
    return w[:1].isupper() and any(c.islower() for c in w[1:])


def _reliable_pretrained(span: Span) -> bool:
    words = [t.text for t in span if not t.is_punct]
    if len(words) < 2 or len(words) > 4:
        return False
    return all(_title_like(w) for w in words) and not all(
        len(w.strip(".")) == 1 for w in words
    )


_PHONE_CUE = regex.compile(
    r"(?i:\b(?:pager|pgr|pg|beeper|ext|x|phone|tel|cell|fax|call|#)\W{0,4}$)"
)
_URL_SHAPE = regex.compile(
    r"(?i:https?://|www\.|[a-z0-9\-]{2,}\.(?:com|org|net|edu|gov|io|us|uk|info|biz"
    r"|health|care|[a-z]{2})(?:[/:?#]|$))"
)
_ZIP_BEFORE = regex.compile(r"(?:[A-Za-z]{2,}|\d+[A-Za-z ]+)[ \t,]*$")
_SLASH_PERCENT = regex.compile(r"[/%]")
_RANGE = regex.compile(r"(\d{3,4})-(\d{3,4})")
_DIGIT_GROUPS = regex.compile(r"\d{2,5}(?:[ \t]\d{2,5}){1,3}")
_NOT_ID_CHARS = regex.compile(r"[/%'’()]|\s")
_IP_SHAPE = regex.compile(r"[\d.]{7,15}|[0-9A-Fa-f:]{6,39}")
_PRESSURE_RANGE = regex.compile(r"\d{2,3}-\d{2,3}/\d|\d/\d{2,3}-\d")
# letters other than an extension mark: units and labels ("CC", "'S", "R")
_UNIT_LETTERS = regex.compile(r"(?i:(?<![a-z])(?!(?:ext|x)\.?[ \t]*\d)[a-z]+)")
_NUMERIC_RUN = regex.compile(r"\d+(?:[.\-/]\d+)*")
_DECIMAL_STRING = regex.compile(r"\d\.\d+/|/\d*\.\d|\d\.\d+-|-{2,}")
_AGE_CUE = regex.compile(
    r"(?i:\b(?:yo|y/o|y\.o|years?|yrs?|aged?|age\s+of|old|male|female)\b)|\b[MF]\b"
)
# Words right before a name. Strong cues are followed by a name nearly always; weak
# ones ("pt", "by", "to") often by a clinical word ("pt lethargic", "by Fick method").
# No colon after titles: "MS:" is mental status, not Ms.
_KIN_WORDS = (
    r"daughter|son|wife|husband|mother|father|sister|brother|niece|nephew|aunt|uncle"
    r"|cousin|grandson|granddaughter|grandmother|grandfather|spouse|partner|friend"
    r"|girlfriend|boyfriend|fianc[eé]e?"
    r"|neighbou?r|guardian|proxy|hcp|poa|ec|visitor|caregiver"
)
_STRONG_NAME_CUE = regex.compile(
    r"(?i:\b(?:dr|drs|mr|mrs|ms|miss|rn|lpn|cna|md"
    rf"|(?:{_KIN_WORDS})s?|named|pharmacist|transporter|supervisor|manager|pcp|surgeon"
    r"|midwife|chaplain|rabbi|pastor|priest|reverend|rev|imam|sitter"
    # a greeting names who is greeted: "Hi Manuela,", "Dear Mr Ostrander"
    r"|hi|hello|hey|dear)\b\.?[ \t,\-]*$)"
    r"|(?i:\b(?:name|patient|pt|reporter|contact|poa|hcp|ec|by|signed|submitted\s+by"
    r"|reported\s+by|completed\s+by|attn|cc)[ \t]*:[ \t]*$)"
)
_WEAK_NAME_CUE = regex.compile(
    r"(?i:\b(?:by|per|pt|patient|called|paged|notified|reported|informed|spoke\s+with"
    r"|contact|nurse|tech|np|pa|rt|resident|attending|therapist|aide|infant|baby"
    r"|reporter"
    r"|newborn|to|and|with|from|w/)\b\.?[ \t,]*$)"
)
_NAME_PARTICLES = frozenset(
    [
        "da",
        "de",
        "del",
        "della",
        "di",
        "do",
        "dos",
        "das",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "al",
        "el",
        "y",
        "ter",
        "ten",
    ]
)
_INITIALS = regex.compile(r"[A-Z]{2,3}|(?:[A-Z]\.){2,3}")
_VERBISH = regex.compile(r"(?i:(?:ing|ed|ly|tion|ment|ness|ous|ive|able)$)")
_CREDENTIAL_AFTER = regex.compile(
    r"^[ \t]*,?[ \t]*(?:RN|LPN|LVN|CNA|NP|MD|PA|DO|RRT|CRNA|PharmD|Pharm\.D\.|RPh"
    r"|rn|md|np)\b"
)
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;|>\n\-][ \t\-]*|\(|\[)\s*$")
_PLACE_CUE = regex.compile(
    r"(?i:\b(?:at|from|to|in|lives|transferred|transfer|admitted|rm|room|bed|near"
    r"|resides|facility|site|location|building|campus|address)\b\W{0,3}$)"
)
_PLACE_WORD = regex.compile(
    r"(?i:\b(?:hospital|hosp|medical|center|centre|clinic|health|rehab|nursing"
    r"|manor|hospice|pavilion|tower|wing|memorial|infirmary|institute|street"
    r"|avenue|county|city|town|village|building|bldg|living|lodge|villa|residence"
    r"|gardens)\b)"
)
_STREET_WORD = regex.compile(
    r"\b(?:[Ss]treet|St|ST|[Aa]venue|Ave|AVE|[Rr]oad|Rd|RD|[Dd]rive|Dr|DR|[Ll]ane|Ln"
    r"|LN|[Bb]oulevard|Blvd|BLVD|[Ww]ay|WAY|[Cc]ourt|Ct|[Pp]lace|Pl|[Tt]errace"
    r"|[Pp]ike|[Hh]ighway|Hwy|HWY|[Ss]quare|[Pp]arkway|Pkwy|[Cc]ircle|[Tt]rail"
    r"|[Aa]pt|[Ss]uite|[Bb]ox)\b\.?"
)
_ROOM_CUE = regex.compile(
    r"(?i:\b(?:rm|room|rooms|bed|bay|suite|unit|bathroom|ldr|cubicle|stall|isolette"
    r"|crib|stretcher|#|pt\s+in|patient\s+in)\W{0,3}$)"
)
_ROOM_SHAPE = regex.compile(r"[A-Za-z]?-?\d{1,4}[A-Za-z]?(?:-\d{1,2})?")
_ADDRESS_SHAPE = regex.compile(
    r"\d{1,6}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[\p{Lu}][\p{L}'’.\-]*[ \t]*){1,4}"
    r"(?:,?[ \t]*(?:#|Apt\.?|Suite|Unit|APT|SUITE)[ \t]*\w+)?"
)
_ADDRESS_CUE = regex.compile(r"(?i:\b(?:at|address|lives|resides|on\s+file)\b\W{0,4}$)")
_ZIP_SHAPE = regex.compile(r"\d{5}(?:-\d{4})?")
# "1563 KIRK LANE, [LAKE ALEXBURY]": the town after a street address
_ADDRESS_BEFORE = regex.compile(r"\d+[ \t]+(?:[\w'’.\-]+[ \t]+){1,4}[\w.]+,[ \t]*$")
_VITAL_BEFORE = regex.compile(
    r"(?i:\b(?:svr|pvr|tv|vt|vols?|u/?o|i/?o|plt|fs|bs|glucose|co|ci|cvp|map|bp"
    r"|hr|rr|wbc|ldh|ck|cpk|ast|alt|amylase|lipase|range|between)\b\W{0,4}$)"
)


_style = text_style.style  # kept under its old name for the gate's table tests


def _person_corroborated(
    span: Span, style: str, before: str, text: str, trimmed: bool = False
) -> bool:
    """A model's PERSON span is kept only with evidence beyond the model itself.

    Measured (docs/deid.md): on ICU notes the model calls clinical words names
    ("REMAINS", "Resp", "THICK WHITE"), and in narratives it calls sentence-initial
    words names ("Reported by..."). Evidence: a cue word before it, a credential after
    it, a known given name or surname among its words, or -- in ordinary mixed-case
    text only -- Title-case words in the middle of a sentence. A span that lost
    non-name words at its edges (`trimmed`, see `_person_core`) was partly wrong, so
    its shape no longer counts: it needs a cue or a clear known name.
    """
    words = [t.text for t in span if any(c.isalpha() for c in t.text)]
    if not words:
        return False
    after = text[span.end_char : span.end_char + 12]
    known = [name_gazetteer.is_known_name(w) for w in words]
    lower = any(w.islower() and w not in _NAME_PARTICLES for w in words)
    if style == "lower":
        # all-lower-case notes: only a known name after a cue ("son jack" is a pattern)
        return any(known) and bool(
            _STRONG_NAME_CUE.search(before) or _WEAK_NAME_CUE.search(before)
        )
    if lower:  # "pt lethargic", "pasta": mixed or upper text, so no name
        return False
    if all(_dictionary_word(w) for w in words):
        # "SON AND DAUGHTER VISITING", "WIFE STAYED", "Systems Review": dictionary
        # words that no name list holds are no names, even after a kin word; names
        # that are also words ("Gray", "Taylor") are in the name lists and stay
        return False
    if any(_SYMBOL.search(w) for w in words):
        return False  # "K+", "MSO4,Ativan": lab values and drug lists
    if _STRONG_NAME_CUE.search(before) or _CREDENTIAL_AFTER.match(after):
        return True
    # "Craving Miller", "REMAINS SEDATED": a verb-like word that is no known name
    if any(_VERBISH.search(w) and not k for w, k in zip(words, known, strict=True)):
        return False
    if _TEMPERATURE_MAX.search(before) or _TEMPERATURE_AFTER.match(after):
        return False  # "T MAX 101", "ID: Max temp": the day's highest temperature
    if (
        style != "mixed"
        and not trimmed
        and any(known)
        and _WEAK_NAME_CUE.search(before)
    ):
        return True  # "PAGED BY VARGAS"
    if style != "mixed" or trimmed:
        return _clear_known_name(words, known)
    if _mixed_case_abbreviation(words):
        return False  # "Bilateral LE", "Arterial SBP": a clinical phrase
    if any(k and not _short_caps(w) for w, k in zip(words, known, strict=True)):
        return True
    if _INITIALS.fullmatch(span.text) and _WEAK_NAME_CUE.search(before):
        return True  # "Pt A.P., 58", "Patient HP missed"
    if all(w.isupper() for w in words):
        # "CHANDRESH NAGARAJAN (pt)" in a mixed-case report; "CT", "HD" are not names
        return len(words) >= 2
    if _WEAK_NAME_CUE.search(before):
        return True  # "by Gray", "infant Taylor"
    if _STREET_WORD.fullmatch(words[-1]):
        return True  # "Prospect St", "Lovers Lane": an address is PHI too
    if any(_product_name(w) for w in words):
        return False  # "CareVue", "BariAir": product names
    if len(words) >= 2:
        return True  # two Title-case words are a name even first in a sentence
    return not _SENTENCE_START.search(before)


# Measured on ICU notes (docs/deid.md): "T MAX 100.4", "TEMP MAX", "ID- Max temp".
_TEMPERATURE_MAX = regex.compile(r"(?i:\b(?:t|temp|tmp|id)\b[ \t.:\-]*$)")
_TEMPERATURE_AFTER = regex.compile(r"(?i:[ \t:=\-]*(?:temp\b|t\b|\d{2,3}\.\d))")
# where a capital says nothing: after a full stop, colon, line break or list dash
# (not "ex-Zombie": a hyphen inside a word)
_CLAUSE_START = regex.compile(r"(?:^|[.!?:;\n]|\s-)[ \t]*$")
_SYMBOL = regex.compile(r"[+=<>%@#&*/\\]|\d")
_CAMEL = regex.compile(r"\p{Ll}{3}\p{Lu}")


def _short_caps(word: str) -> bool:
    """ "LE", "HO", "AB": a two- or three-letter capital word, usually an acronym."""
    w = word.strip(".,")
    return w.isupper() and len(w) <= 3


def _mixed_case_abbreviation(words: list[str]) -> bool:
    """Title-case words beside a capitalised acronym: "Continues CVVH", "SL Ntg"."""
    caps = [w for w in words if w.isupper() and len(w.strip(".,")) >= 2]
    return bool(caps) and len(caps) < len(words)


def _product_name(word: str) -> bool:
    """Camel case after three lower-case letters: "BariAir", "CareVue" (not "McKay")."""
    return bool(_CAMEL.search(word))


def _english(word: str) -> bool:
    """An English word that is no name ("Trough"; not "Gray", "Martin", "A")."""
    return (
        len(word.strip(".")) > 1
        and english_words.is_english_word(word, inflected=True)
        and not name_gazetteer.is_known_name(word)
        and word.strip(".,").lower() not in name_gazetteer.COMMON_WORD_NAMES
    )


def _clear_known_name(words: list[str], known: list[bool]) -> bool:
    """Name-list evidence strong enough without a cue (ALL-CAPS notes, trimmed spans).

    Name lists hold many English words ("MIST", "GUARD", "DOPPLER", "MAX"); in ALL
    CAPS nothing else tells them from names, so one such word is not enough: a known
    name that is no English word is ("ROSALIND"), or two known names ("ROSALIND
    WALSH"). A bare letter is an abbreviation here ("T MAX", "P LAD").
    """
    if any(len(w) == 1 for w in words):
        return False
    english = [english_words.is_english_word(w, inflected=True) for w in words]
    if any(k and not e for k, e in zip(known, english, strict=True)):
        return True
    if sum(known) >= 2:
        return True
    # "MARLON V.", "MARLON TORVANGER": a given name with an initial or an unknown word
    given = any(map(name_gazetteer.is_known_first_name, words))
    return given and any(
        (len(w) == 2 and w.endswith(".")) or (not k and not e and len(w) >= 3)
        for w, k, e in zip(words, known, english, strict=True)
    )


def _non_name_word(word: str, allow_list: AllowList, dictionary: bool = True) -> bool:
    """An allow-listed (or dictionary) word that no name list holds."""
    w = word.strip(".,;:()'’\"")
    if len(w) <= 1 or _short_caps(w) or w.lower() in _NAME_PARTICLES:
        return False  # initials and particles belong to names
    if name_gazetteer.is_known_name(w) or w.lower() in name_gazetteer.COMMON_WORD_NAMES:
        return False
    if w.lower() in allow_list.words:
        return True
    return dictionary and english_words.is_english_word(w, inflected=True)


def _person_core(
    span: Span, allow_list: AllowList, style: str, text: str
) -> tuple[Span, bool] | None:
    """The span without non-name words at its edges, and whether any were cut.

    "NICOLAS STATES", "KEEP FOLEY", "Remains Afeb": the model's span runs into a verb
    or a clinical word; the name, if any, is what is left. Case tells nothing in
    ALL-CAPS and lower-case notes, so there dictionary words go from both edges. In
    mixed case a capital is evidence, except on a sentence's first word: only that
    word goes if it is a dictionary word, and elsewhere only allow-listed words
    (drug and device names), because WordNet holds surnames too ("Greaves", "Fitch").
    `text` is the doc's text, passed in because `Doc.text` is rebuilt on each access.
    """
    doc = span.doc
    start, end = span.start, span.end

    def cut(i: int, dictionary: bool) -> bool:
        tok = doc[i]
        if not tok.whitespace_ and i + 1 < len(doc) and doc[i + 1].text == "-":
            return False  # "Mi-Rae": part of a hyphenated name
        if _STREET_WORD.fullmatch(tok.text):
            return False  # "Crown St": the model's PERSON is an address, still PHI
        return (
            tok.is_punct
            or tok.is_space
            or _non_name_word(tok.text, allow_list, dictionary)
        )

    mixed = style == "mixed"
    while start < end and cut(
        start,
        not mixed
        or bool(
            _CLAUSE_START.search(text[max(0, doc[start].idx - 30) : doc[start].idx])
        ),
    ):
        start += 1
    while end > start and cut(end - 1, not mixed):
        end -= 1
    if end <= start:
        return None
    return doc[start:end], (start, end) != (span.start, span.end)


def _location_corroborated(span: Span, style: str, before: str) -> bool:
    """A model's LOCATION needs letters (or a room cue) and, off mixed case, a cue."""
    value = span.text
    alpha = [t.text for t in span if t.is_alpha]
    if any(c.isdigit() for c in value):
        if _ROOM_SHAPE.fullmatch(value):
            return bool(_ROOM_CUE.search(before[-16:]))
        if _ZIP_SHAPE.fullmatch(value):
            return bool(_ZIP_BEFORE.search(before))
        # an address names its street ("12 Oak St", "158 Donald Gateway"); "725
        # UNITS/HR", "112/41/7.42", "3LCVL", "1 LITER POSITIVE" are not places
        if _DECIMAL_STRING.search(value) or _SLASH_PERCENT.search(value):
            return False
        if style == "mixed" and all(
            _title_like(w) or w.lower() in _PLACE_LINKS for w in alpha
        ):
            return len(alpha) >= 1  # "Rua das Palmeiras 212", "Apt. 318"
        if not _ADDRESS_SHAPE.fullmatch(value):
            return False
        return bool(
            _STREET_WORD.search(value)
            or (style == "mixed" and all(_title_like(w) for w in alpha))
            or _ADDRESS_CUE.search(before)
        )
    if not alpha:
        return False
    if not _PLACE_WORD.search(value) and all(
        _english(w) or _short_caps(w) or len(w) == 1 for w in alpha
    ):
        # "Hepatitis", "Hypotensive", "S. Emotional": clinical and other dictionary
        # words with no place word (measured on ICU notes)
        return len(value) == 1 and bool(_ROOM_CUE.search(before[-16:]))
    if len(value) == 1:
        return value.isupper() and bool(_ROOM_CUE.search(before[-16:]))
    proper = [w for w in alpha if not _generic_place_word(w)]
    if not proper:
        return False  # "HOSPITAL", "LEAVE HOSPITAL", "EVENING"
    if _PLACE_WORD.search(value) or _ADDRESS_BEFORE.search(before):
        return True
    if style == "mixed":
        return all(_title_like(w) or w.lower() in _PLACE_LINKS for w in alpha) and (
            bool(_PLACE_CUE.search(before))
            or any(map(_known, alpha))
            or not _SENTENCE_START.search(before)
        )
    # ALL-CAPS / lower notes: "TO PAINFUL STIMULI", "IN BASES" -- a cue is not enough,
    # a known name or a place word must back it
    return (
        bool(_PLACE_CUE.search(before)) and len(alpha) <= 3 and any(map(_known, alpha))
    )


def _dictionary_word(word: str) -> bool:
    return name_gazetteer.is_dictionary_only(word)


def _known(word: str) -> bool:
    return name_gazetteer.is_known_name(word)


def _generic_place_word(word: str) -> bool:
    w = word.lower().strip(".,")
    return (
        w in NOT_NAME_WORDS
        or w in _GENERIC_PLACE
        or bool(_VERBISH.search(w))
        or w.endswith(("icu", "cu"))
    )


_GENERIC_PLACE = frozenset(
    [
        "hospital",
        "hosp",
        "medical",
        "center",
        "centre",
        "clinic",
        "health",
        "rehab",
        "nursing",
        "home",
        "house",
        "unit",
        "floor",
        "ward",
        "room",
        "stay",
        "evening",
        "morning",
        "afternoon",
        "night",
        "early",
        "late",
        "today",
        "tonight",
        "radiology",
        "lab",
        "osh",
        "outside",
        "new",
        "old",
        "his",
        "her",
        "their",
        "our",
        "the",
        "treatment",
        "treatments",
    ]
)
_PLACE_LINKS = frozenset(
    ["of", "the", "and", "de", "la", "del", "do", "da", "di", "upon", "on", "u", "am"]
)


def _plausible(span: Span, style: str, text: str, trimmed: bool = False) -> bool:
    """Shape and evidence checks on the trained NER's output, which drifts off-style.

    Measured on PhysioNet notes (docs/deid.md): without them the model, trained on
    incident narratives, calls ranges dates, vitals phones and clinical words names.
    """
    value = span.text
    digits = sum(c.isdigit() for c in value)
    label = span.label_
    before = text[max(0, span.start_char - 30) : span.start_char]
    if label == "DATE":
        return plausible_date(text, span.start_char, span.end_char)
    if label == "PHONE":
        if _VITAL_BEFORE.search(before) or _DECIMAL_STRING.search(value):
            return False
        if _PRESSURE_RANGE.search(value) or _UNIT_LETTERS.search(value):
            return False  # "125-150/60-85", "750-1250CC", "101-101.6 R": values
        parts = _RANGE.fullmatch(value)
        if (
            parts
            and int(parts[1]) < int(parts[2])
            and parts[1][-1] == parts[2][-1] == "0"
        ):
            return False  # "1100-1400": a range of round numbers
        return digits >= 7 or (digits >= 4 and bool(_PHONE_CUE.search(before)))
    if label == "ID":
        # "7.35", "100-110", "5/10", "ci---6.1/3.04": numbers, not identifiers
        return (
            digits >= 4
            and not (_NUMERIC_RUN.fullmatch(value) and digits <= 6)
            and not _DECIMAL_STRING.search(value)
            and (
                not _NOT_ID_CHARS.search(value) or bool(_DIGIT_GROUPS.fullmatch(value))
            )
        )
    if label == "AGE":
        around = text[max(0, span.start_char - 12) : span.end_char + 12]
        return (
            value.isdigit()
            and 90 <= int(value) <= 119
            and bool(_AGE_CUE.search(around))
        )
    if label == "EMAIL":
        return "@" in value
    if label == "IP":
        return bool(_IP_SHAPE.fullmatch(value))
    if label == "URL":
        return " " not in value and bool(_URL_SHAPE.search(value))
    if label == "LOCATION":
        return _location_corroborated(span, style, before)
    if label == "PERSON":
        return _person_corroborated(span, style, before, text, trimmed)
    return True


class SpacyNerRecognizer(EntityRecognizer):
    """NER spans as PHI results, minus clinical words and ALL-CAPS acronyms."""

    # pretrained spaCy label -> our type
    PRETRAINED_LABELS: Mapping[str, str] = {
        "PERSON": "PERSON",
        "GPE": "LOCATION",
        "LOC": "LOCATION",
    }
    NAME = "SpacyNerRecognizer"
    ENTITIES = (
        "PERSON",
        "DATE",
        "AGE",
        "PHONE",
        "EMAIL",
        "ID",
        "LOCATION",
        "URL",
        "IP",
    )

    def __init__(
        self,
        allow_list: AllowList,
        pretrained_scores: Mapping[str, float] | None = None,
        trained_score: float = 0.8,
        use_pretrained: bool = True,
        use_trained: bool = True,
    ) -> None:
        self.allow_list = allow_list
        self.pretrained_scores = dict(
            pretrained_scores or {"PERSON": 0.7, "LOCATION": 0.5}
        )
        self.trained_score = trained_score
        self.use_pretrained = use_pretrained
        self.use_trained = use_trained
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language="en",
        )

    def load(self) -> None:
        """Nothing to load: the spaCy pipeline is owned by the NLP engine."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Results for the pretrained and the trained NER spans of the analysed doc."""
        if nlp_artifacts is None or not isinstance(nlp_artifacts.tokens, Doc):
            return []
        doc: Doc = nlp_artifacts.tokens
        out: list[RecognizerResult] = []
        style = text_style.style(text)
        if self.use_pretrained:
            for ent in doc.ents:
                etype = self.PRETRAINED_LABELS.get(ent.label_)
                if not etype or etype not in entities:
                    continue
                trimmed = self._trim(ent)
                if trimmed is None:
                    continue
                labelled = Span(doc, trimmed.start, trimmed.end, label=etype)
                if _plausible(labelled, style, text):
                    score = self.pretrained_scores.get(etype, 0.5)
                    self._add(out, labelled, etype, score, True)
        if self.use_trained and PHI_SPANS_KEY in doc.spans:
            for span in doc.spans[PHI_SPANS_KEY]:
                if span.label_ not in entities:
                    continue
                trimmed = self._trim(span)
                if trimmed is None:
                    continue
                cut = False
                if span.label_ == "PERSON":
                    core = _person_core(trimmed, self.allow_list, style, text)
                    if core is None:
                        continue
                    trimmed, cut = core
                labelled = Span(doc, trimmed.start, trimmed.end, label=span.label_)
                if _plausible(labelled, style, text, cut):
                    self._add(out, labelled, span.label_, self.trained_score, False)
        return out

    def _add(
        self,
        out: list[RecognizerResult],
        span: Span,
        etype: str,
        score: float,
        pretrained: bool,
    ) -> None:
        trimmed = self._trim(span)
        if trimmed is None:
            return
        text = trimmed.text
        if etype in ("PERSON", "LOCATION"):
            if self.allow_list.covers(text, NOT_NAME_WORDS):
                return
            if any(c.isdigit() for c in text) and etype == "PERSON":
                return
            # Measured on ICU notes (docs/deid.md): the pretrained model calls clinical
            # words and ALL-CAPS acronyms people and places; only multi-word Title-case
            # spans are reliable enough to keep.
            if pretrained and not _reliable_pretrained(trimmed):
                return
        out.append(
            RecognizerResult(
                entity_type=etype,
                start=trimmed.start_char,
                end=trimmed.end_char,
                score=score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.NAME,
                    original_score=score,
                    textual_explanation="pretrained NER"
                    if pretrained
                    else "trained PHI NER",
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
        )

    @staticmethod
    def _trim(span: Span) -> Span | None:
        """Cut titles, possessives, punctuation and anything past a line break."""
        start, end = span.start, span.end
        doc = span.doc
        for i in range(start, end):
            if "\n" in doc[i].text or (i > start and "\n" in doc[i - 1].whitespace_):
                end = i
                break
        while start < end and (
            (doc[start].lower_ in _TITLES and doc[start].text != "A")
            or doc[start].is_punct
            or doc[start].is_space
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_punct
            or doc[end - 1].lower_ in ("'s", "’s")
            or doc[end - 1].is_space
        ):
            end -= 1
        return doc[start:end] if end > start else None
