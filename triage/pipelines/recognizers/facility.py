"""Facility and named-unit names: "St. Brigid Medical Center", "Hawthorne Pavilion"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import name_gazetteer, place_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer, pattern_name
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS, UNIT_TYPE_WORDS

_KIND = (
    r"(?:Medical\s+Cent(?:er|re)|Med(?:ical)?\s+Ctr|Hospital|Hosp|Health\s+Center"
    r"|Health\s+System|Healthcare|Health|Clinic|Pavilion|Tower|Wing|Building|Bldg"
    r"|Rehab(?:ilitation)?(?:\s+(?:Center|Hospital|Institute))?|Nursing\s+Home"
    r"|Nursing\s+(?:and|&)\s+Rehab(?:ilitation)?(?:\s+Center)?|Manor|Hospice"
    r"|(?:Dialysis|Surgery|Surgical|Cancer|Heart|Care|Birthing|Imaging|Wound"
    r"|Infusion|Urgent\s+Care|Rehabilitation|Living|Treatment)\s+Cent(?:er|re)"
    r"|Memorial|Infirmary|Sanatorium|Assisted\s+Living|Home\s+Health"
    r"|Children'?s|Institute|Medical\s+Group|Family\s+Practice|Pediatrics)"
)
_KIND_UPPER = (
    r"(?:MEDICAL\s+CENTER|MED\s+CENTER|HOSPITAL|HOSP|CLINIC|NURSING\s+HOME|MEMORIAL"
    r"|MANOR|CAMPUS)"
)
# ICU notes write facility names in lower case: "to macken hosp", "juniper
# hospital"; leading generic words ("the", "outside", "psych") are cut in analyze()
_KIND_LOWER = r"(?:medical\s+center|med\s+center|hospital|hosp|nursing\s+home)"
# Hospital abbreviations after a transfer/place cue: "TRANSFERRED TO KWH", "@ RVMC",
# "SEEN BY LKMC NURSE" -- 2-3 capitals ending in H (MGH, BWH) or up to 5 ending in
# MC/HC (UMMC, LKMC); four-letter words ending in H ("TO CATH", "BOTH") never match.
_ABBREV_CUE = (
    r"(?i:\b(?:transferred|transfered|transfer|trans|tx|referred|admitted|sent|went"
    r"|taken|returned?|back|seen|followed|arrived|received|recieved|came|go|going"
    r"|come|coming|enroute|en[ \t]+route|flighted|flown|airlifted|brought|presented"
    r"|transported"
    r"|d/c'?d|discharged)[ \t]+(?:to|at|from|by)(?:[ \t]+the)?[ \t]+"
    r"|\b(?:from|at|@)[ \t]*(?:the[ \t]+)?|->[ \t]*)"
)
# clinical abbreviations of the same shape (bleeds, hormones, insulin, "outside hosp")
_NOT_FACILITY_ABBREV = (
    r"(?:SAH|SDH|ICH|IVH|BPH|LVH|RVH|NPH|TSH|LDH|PTH|ADH|ACTH|OSH|HOH|PPH|DVH|ECMO"
    r"|PCH|HH|OH|AH|EH|UH|SH|MH|CH|BMH|ASH|AAH|NAH|HUH|DUH|OOH|YEAH|FISH)"
)
_PROPER = r"(?:St\.?|Saint|Mt\.?|Mount|[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|[A-Z]\.?)"
_UPROPER = r"(?:ST\.?|SAINT|[A-Z]{2,}(?:-[A-Z]{2,})?)"


class FacilityRecognizer(SpanPatternRecognizer):
    """Proper names ending in a facility word, and "St. X" hospital names."""

    ENTITY = "LOCATION"
    PATTERNS = (
        Pattern(
            "named_facility",
            rf"(?P<phi>(?:{_PROPER}[ \t]+){{1,4}}(?:(?:of|and|&)[ \t]+{_PROPER}[ \t]+)?"
            rf"{_KIND}(?:[ \t]+of[ \t]+{_PROPER}(?:[ \t]+{_PROPER})?)?)\b",
            0.75,
        ),
        Pattern(
            "named_facility_upper",
            rf"(?P<phi>(?:{_UPROPER}[ \t]+){{1,2}}{_KIND_UPPER})\b",
            0.7,
        ),
        # proper name + lower-case kind, "Kernan hospital", and ALL-CAPS rehabs,
        # "KIMBROUGH REHAB": analyze() keeps them only when every name word is
        # neither a dictionary nor a clinical word ("Left hospital", "PULM REHAB")
        Pattern(
            "named_facility_mixed",
            rf"(?P<phi>(?:{_PROPER}[ \t]+){{1,2}}(?:hospital|hosp|rehab)|"
            rf"(?:{_UPROPER}[ \t]+){{1,2}}REHAB)\b",
            0.6,
        ),
        Pattern(
            "university_of",
            r"(?P<phi>(?i:university|univ\.?|u\.?)[ \t]*(?i:of)[ \t]+[A-Z][A-Za-z]+"
            r"(?:[ \t]+[A-Z][A-Za-z]+)?)",
            0.7,
        ),
        Pattern(
            "university_of_lower",
            r"(?P<phi>\b(?:university|univ\.?)[ \t]+of[ \t]+[a-z]{3,}"
            r"(?:[ \t]+(?:medical[ \t]+center|hospital))?)\b",
            0.6,
        ),
        Pattern(
            "named_facility_lower",
            r"\b(?:to|at|from|in|by|@)[ \t]+(?:the[ \t]+)?"
            rf"(?P<phi>(?:[a-z][a-z\-]+[ \t]+){{1,3}}{_KIND_LOWER})\b",
            0.55,
        ),
        Pattern(
            "hospital_abbreviation",
            rf"{_ABBREV_CUE}(?P<phi>(?!{_NOT_FACILITY_ABBREV}\b)"
            r"(?:[A-Z]{1,2}H|[A-Z]{0,3}(?:MC|HC)))\b(?![\-/][A-Za-z\d])",
            0.6,
        ),
        # after a bare "to"/"into"/"leave", the abbreviation needs what follows a
        # hospital: "to KWH cath lab", "into KWH on 4/9", "to KWH ED", "leave KWH,"
        Pattern(
            "hospital_abbreviation_to",
            r"(?i:\b(?:to|into|leave|enroute\s+to)[ \t]+(?:the[ \t]+)?)"
            rf"(?P<phi>(?!{_NOT_FACILITY_ABBREV}\b)(?:[A-Z]{{1,2}}H|[A-Z]{{0,3}}(?:MC|HC)))"
            # a whole word: "TO RHONCHI", "TO SCHEDULE" are no hospitals
            r"\b(?=[ \t]*(?:ED|EW|ER|CATH|[Cc]ath|for|FOR|on|ON|with|WITH|[.,;)]|$))",
            0.6,
        ),
        # lower-case notes write the abbreviation in lower case too: "sent to mkh",
        # "followed at rvmc"; accept() refuses English words ("to ash")
        Pattern(
            "hospital_abbreviation_lower",
            rf"{_ABBREV_CUE}(?P<phi>(?!(?i:{_NOT_FACILITY_ABBREV})\b)"
            r"(?:[a-z]{1,2}h|[a-z]{0,3}(?:mc|hc)))\b(?![\-/][A-Za-z\d])",
            0.55,
        ),
        # hospital names common across the US, in any case: "went to holy cross",
        # "SACRED HEART", "Good Samaritan" (never clinical phrases)
        Pattern(
            "religious_hospital_name",
            r"(?P<phi>\b(?i:holy[ \t]+(?:cross|family|name|redeemer|spirit)"
            r"|sacred[ \t]+heart|good[ \t]+(?:samaritan|shepherd)))\b",
            0.6,
        ),
        # a proper word after a transfer verb: "transferred to Linderhof", "SENT TO
        # BRAXMOOR"; accept() keeps it only when it is no English, clinical or unit
        # word ("to Radiology", "to Stepdown", "to MICU")
        Pattern(
            "transfer_destination",
            r"(?i:\b(?:transferred|transfered|transfer|trans|sent|moved|returned"
            r"|return|back)[ \t]+(?:back[ \t]+)?(?:to|from)[ \t]+(?:the[ \t]+)?)"
            r"(?P<phi>[A-Z][a-z]{3,}|[A-Z]{4,})\b(?![\-/'’])",
            0.55,
        ),
        # a named ward or building with its floor: "transfer to Ashgrove 4",
        # "ADMITTED TO PEMBROOK 6", "Per Ashgrove 5 RN" (accept() drops words)
        Pattern(
            "named_ward_floor",
            r"(?i:\b(?:to|from|on|per|at)[ \t]+(?:the[ \t]+)?)"
            r"(?P<phi>\p{L}{4,})(?=[ \t]\d(?:[A-Za-z]|/\d)?\b(?![ \t]*(?i:mg|mcg|ml"
            r"|cc|units?|u\b|%|l\b|lpm|liters?|mm|gm?\b|meq|hrs?|hours?|min|days?|x\b"
            r"|times|weeks?|am|pm|\.\d|/[a-z])))",
            0.55,
        ),
    )

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with leading generic words cut ("FROM HARLOWE HOSPITAL")."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            words = [(m.start(), m.end()) for m in _WORD.finditer(text, r.start, r.end)]
            if pattern_name(r) == "religious_hospital_name":
                out.append(r)  # the whole name is the facility ("Sacred Heart")
                continue
            if len(words) == 1:
                # an abbreviation ("KWH") or a ward name before its floor number
                if _ward_name_ok(text[r.start : r.end]):
                    out.append(r)
                continue
            value = text[r.start : r.end]
            if (
                value.islower()
                and not _university_of(text, words)
                and not _proper_lower(text, words)
            ):
                continue
            while len(words) > 1 and _is_generic_lead(text[words[0][0] : words[0][1]]):
                if _university_of(text, words):
                    break
                words.pop(0)
            r.start = words[0][0]
            proper = [
                w
                for w in words[:-1]
                if text[w[0] : w[1]].strip(".,").lower() not in _GENERIC
            ]
            kind = text[words[-1][0] : words[-1][1]]
            names = [text[a:b].strip(".,") for a, b in proper]
            mixed = kind.islower() and not value.islower()  # "Kernan hospital"
            if (mixed or kind == "REHAB") and not all(
                _ward_name_ok(w) or place_gazetteer.is_place(w) for w in names
            ):
                continue  # ... but a city names a facility: "BOSTON REHAB"
            if kind == "REHAB" and not all(
                len(w) >= 7 or name_gazetteer.is_known_name(w) for w in names
            ):
                continue  # "PULM REHAB", "NEURO REHAB": clinical shorthand
            if proper:
                out.append(r)
        return out


def _ward_name_ok(word: str) -> bool:
    """A single word reported is an abbreviation or a ward's proper name.

    "transfer to Ashgrove 4" yes; "to Levophed 2", "on CPAP 5", "to floor 2",
    "on day 3" no: dictionary, clinical and allow-listed words are not ward names.
    """
    if _ABBREVIATION.fullmatch(word):
        return True  # hospital abbreviations come from their own patterns
    w = word.lower()
    return not (
        w in _GENERIC
        or w in STOP_WORDS
        or w in NOT_NAME_WORDS
        or w in allow_list_mod.default_words()
        or is_english_word(w)
        # units and studies: "MICU", "PACU", "CATSCAN", "ANGIOGRAM", "ENDOSCOPY"
        or w.endswith(("icu", "cu", "iu", "scan", "gram", "graphy", "scopy"))
    )


_ABBREVIATION = regex.compile(r"[A-Z]{1,2}H|[A-Z]{0,3}(?:MC|HC)")


def _proper_lower(text: str, words: list[tuple[int, int]]) -> bool:
    """A lower-case facility name has no stop word before its kind ("for rehab")."""
    names = [text[a:b].lower() for a, b in words[:-1]]
    names = [w for w in names if w not in ("medical", "med", "nursing")]
    return bool(names) and not any(w in STOP_WORDS or w in _GENERIC for w in names)


def _university_of(text: str, words: list[tuple[int, int]]) -> bool:
    """'University of Lakemont' keeps its generic first word (it is the name)."""
    first = text[words[0][0] : words[0][1]].strip(".").lower()
    second = text[words[1][0] : words[1][1]].lower()
    return first in ("university", "univ", "u", "uof") and second == "of"


def _is_generic_lead(word: str) -> bool:
    w = word.strip(".,").lower()
    if w in ("st", "saint", "mt", "mount"):
        return False
    return w in _GENERIC or w in STOP_WORDS or w.endswith(("ed", "ing"))


_WORD = regex.compile(r"\S+")
_GENERIC = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "this",
        "that",
        "their",
        "his",
        "her",
        "outside",
        "other",
        "another",
        "receiving",
        "sending",
        "local",
        "county",
        "community",
        "general",
        "regional",
        "university",
        "teaching",
        "acute",
        "transferring",
        "referring",
        "previous",
        "prior",
        "nearby",
        "home",
        "same",
        "new",
        "old",
        "main",
        "east",
        "west",
        "north",
        "south",
        "central",
        *UNIT_TYPE_WORDS,
        "med",
        "surg",
        "med-surg",
        "medical",
        "surgical",
        "cardiac",
        "pediatric",
        "psychiatric",
        "psych",
        "behavioral",
        "observation",
        "inpatient",
        "outpatient",
        "hospital",
        "clinic",
        "of",
        "and",
        "&",
        "st",
        "st.",
        "saint",
        "mt",
        "mt.",
        "mount",
        "rehab",
        "nursing",
        "health",
        "care",
        "to",
        "from",
        "at",
        "in",
        "by",
        "for",
        "with",
        "pt",
        "patient",
        "dr",
        "went",
        "transfer",
        "transferred",
        "admitted",
        "discharged",
        "arrived",
        "called",
        "sent",
        "via",
    ]
)
