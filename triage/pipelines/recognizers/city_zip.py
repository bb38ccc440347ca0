"""Cities before a state ("Dundalk, MD"), ZIP codes, places someone lives in."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import UNIT_TYPE_WORDS

_STATES = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO"
    r"|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
    r"|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware"
    r"|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana"
    r"|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana"
    r"|Nebraska|Nevada|New\s+Hampshire|New\s+Jersey|New\s+Mexico|New\s+York"
    r"|North\s+Carolina|North\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania"
    r"|Rhode\s+Island|South\s+Carolina|South\s+Dakota|Tennessee|Texas|Utah|Vermont"
    r"|Virginia|Washington|West\s+Virginia|Wisconsin|Wyoming)"
)
# Title-case or ALL-CAPS words in any Latin script ("Maringá", "JYVÄSKYLÄ")
_PLACE = (
    r"(?:\p{Lu}[\p{Ll}'’\-]+|\p{Lu}{3,})"
    r"(?:[ \t]+(?:\p{Lu}[\p{Ll}'’\-]+|\p{Lu}{3,})){0,2}"
)


class CityZipRecognizer(SpanPatternRecognizer):
    """Geography below a state: city before a state, ZIP codes, 'lives in Burton'."""

    ENTITY = "LOCATION"
    PATTERNS = (
        # "Dundalk, MD": a Title-case place, a comma, a state (code or name)
        Pattern(
            "city_state",
            rf"(?P<phi>[A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){{0,2}}),[ \t]+{_STATES}"
            r"\b(?![a-z])",
            0.75,
        ),
        Pattern(
            "zip_after_state",
            rf"\b{_STATES},?[ \t]+(?P<phi>\d{{5}}(?:-\d{{4}})?)(?!\d)",
            0.85,
        ),
        # ALL-CAPS address lines: "KIRKBURY, TX 97975-9065"
        Pattern(
            "city_state_zip_upper",
            rf"(?P<phi>[A-Z]{{3,}}(?:[ \t][A-Z]{{3,}})?),?[ \t]+{_STATES}[ \t]+\d{{5}}",
            0.75,
        ),
        # the ZIP that ends an address: "12 Oak St, Port Ellen 75324"
        Pattern(
            "zip_end_of_address", r"(?<![\d\-])(?P<phi>\d{5}(?:-\d{4})?)(?![\d\-])", 0.6
        ),
        Pattern(
            "zip_labelled",
            # other countries' postcodes are 3-6 digits ("ZIP: 4817", "zip code is 637")
            r"(?i:\b(?:zip|zip\s+code|postal\s+code|postcode)\b[ \t]*(?:is[ \t]+)?[:#]?"
            r"[ \t]*)(?P<phi>\d{3,6}(?:-\d{3,4})?)(?!\d)",
            0.9,
        ),
        Pattern(
            "lives_in",
            r"(?i:\b(?:(?:lives|living|resides|residing|resident\s+of|moved|relocated|"
            r"home|house|visiting|vacation(?:ing)?|travel(?:l?ed|ling)?|transferred"
            # not "returned"/"born": "RETURNED FROM CT", "BORN AT TERM"
            r"|flew|flown|grew\s+up|based|originally|moved\s+here"
            r"|(?:I'm|I\s+am|we're|we\s+are)(?:\s+currently)?)"
            r"[ \t]+(?:in|at|to|from)[ \t]+|\bhome\s+(?:city|town)[ \t]+"
            r"|\bwhere:[ \t]*))"
            rf"(?P<phi>{_PLACE})",
            0.6,
        ),
        Pattern(
            "from_place",
            r"(?i:\b(?:from|in|near|to)[ \t]+)"
            r"(?P<phi>(?:(?i:north|south|east|west|new|san|santa|saint|st\.?|fort|ft\.?"
            r"|mount|mt\.?|glen|port|lake|middle|upper|lower)[ \t]+)[A-Z][a-z'’\-]+)"
            r"(?![ \t]+(?i:hospital|medical|center|clinic|unit|wing|tower|pavilion))",
            0.45,
        ),
    )
    CONTEXT = ("lives", "address", "city", "town", "zip", "from", "resides")

    def accept(self, text: str, start: int, end: int) -> bool:
        """No clinical unit names ("ICU, MD" is a unit and a credential)."""
        value = text[start:end]
        if value[:1].isdigit():
            # a ZIP needs a state, a "zip" label or a street address just before it
            before = text[max(0, start - 90) : start]
            return bool(_STREET_BEFORE.search(before) or _STATE_OR_LABEL.search(before))
        words = value.split()
        # "TSICU", "MICU": unit types, not places
        return not any(
            w.strip(",.").lower() in _NOT_PLACES or w.upper().endswith("ICU")
            for w in words
        )


_STATE_OR_LABEL = regex.compile(
    rf"(?:\b{_STATES}|(?i:\bzip(?:\s+code)?|postal\s+code))[ \t]*[,:#]?[ \t]*$"
)
_STREET_BEFORE = regex.compile(
    r"\d+[ \t]+(?:[A-Za-z'’\-]+[ \t]+){1,4}(?i:st|street|ave|avenue|rd|road|blvd|ln"
    r"|lane|dr|drive|ct|court|pl|place|way|ter|terrace|cir|circle|pkwy|hwy|pike|harbor|spur|lock"
    r"|springs?|mission|groves?|underpass|knoll|mall|parks?|route|square|trail|crossing"
    r"|heights|ridge|view|hills?|loop)\b[^\n]{0,50}$"
)
_NOT_PLACES = frozenset(
    [
        *UNIT_TYPE_WORDS,
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "our",
        "home",
        "hospital",
        "unit",
        "floor",
        "rehab",
        "nursing",
        "care",
        "house",
        "bed",
        "room",
        "pt",
        "patient",
        "dr",
        "rn",
        "md",
        "np",
        "ems",
        "transfer",
        "transferred",
        "report",
        "note",
        "called",
        "he",
        "she",
        "they",
        "family",
        "seen",
        "aware",
        "notified",
        "ok",
        "yes",
        "no",
        "plan",
        "team",
        "evening",
        "morning",
        "afternoon",
        "night",
        "early",
        "late",
        "today",
        "radiology",
        "osh",
    ]
)
