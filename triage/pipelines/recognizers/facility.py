"""Facility and named-unit names: "St. Brigid Medical Center", "Hawthorne Pavilion"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import UNIT_TYPE_WORDS

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
_KIND_UPPER = r"(?:MEDICAL\s+CENTER|HOSPITAL|HOSP|CLINIC|NURSING\s+HOME|MEMORIAL|MANOR)"
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
        Pattern(
            "university_of",
            r"(?P<phi>(?i:university|univ\.?)[ \t]+(?i:of)[ \t]+[A-Z][A-Za-z]+"
            r"(?:[ \t]+[A-Z][A-Za-z]+)?)",
            0.7,
        ),
    )

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with leading generic words cut ("FROM CALVERT HOSPITAL")."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            words = [(m.start(), m.end()) for m in _WORD.finditer(text, r.start, r.end)]
            while len(words) > 1 and _is_generic_lead(text[words[0][0] : words[0][1]]):
                words.pop(0)
            r.start = words[0][0]
            proper = [
                w
                for w in words[:-1]
                if text[w[0] : w[1]].strip(".,").lower() not in _GENERIC
            ]
            if proper:
                out.append(r)
        return out


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
