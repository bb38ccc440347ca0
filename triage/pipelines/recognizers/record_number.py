"""Record, account, plan, licence, serial and lot numbers announced by their label."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

_LABEL = (
    r"(?i:\b(?:mrn|mr\s?#|med(?:ical)?\s+rec(?:ord)?(?:\s+(?:number|no))?|fin|csn|har"
    r"|acct|account|acc|member(?:\s+id)?|subscriber(?:\s+id)?|policy"
    r"|health\s+plan(?:\s+(?:id|number|no))?|plan\s+id|insurance(?:\s+id)?"
    r"|medicaid|medicare|mbi|licen[cs]e|lic|dea|npi|badge|employee(?:\s+id)?"
    r"|emp(?:loyee)?\s+id|serial|s/n|sn|lot|device\s+id|udi|asset(?:\s+tag)?"
    r"|tag|patient\s+id|pt\s+id|encounter|visit|claim|case|specimen|accession"
    r"|order|rx|prescription|vin|plate|certificate|cert|id|unit|insurance"
    r"|aetna|bcbs|cigna|humana|united|medicaid|kaiser|tricare)\b\.?(?:[ \t]*\#)?)"
)
# "ID: 98.9", "ID= 95.8-97.2": in ICU notes "ID" heads the infectious-disease
# section, and what follows is a temperature, not an identifier
_MEASUREMENT = regex.compile(r"\d{1,4}\.\d{1,2}(?:-\d{1,4}\.\d{1,2})?")
_SEP = r"[ \t]*(?:(?i:no|number|num|nbr|id)\.?[ \t]*)?[:#=]?[ \t]*(?:#[ \t]*)?"
_VALUE = r"(?P<phi>[A-Z0-9](?:[A-Z0-9]|[\-./](?=[A-Z0-9])){3,24})"


class RecordNumberRecognizer(SpanPatternRecognizer):
    """Identifiers after a label: MRN, FIN, acct, member ID, licence, serial, lot."""

    ENTITY = "ID"
    PATTERNS = (
        Pattern("labelled_number", rf"{_LABEL}{_SEP}{_VALUE}\b", 0.85),
        # equipment numbers: "Chair # WC-117", "pump #A4471"
        Pattern(
            "equipment_number",
            r"(?i:\b(?:chair|wheelchair|pump|monitor|device|equipment|bed|scale|lift)"
            rf"[ \t]*#[ \t]*){_VALUE}\b",
            0.7,
        ),
        # A long bare number is an identifier in a narrative (labs are short, times 4)
        Pattern("long_number", r"(?<![\d/.\-:])(?P<phi>\d{7,})(?![\d/.\-:])", 0.5),
    )
    CONTEXT = ("mrn", "record", "account", "acct", "fin", "member", "serial", "lot")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """An identifier has at least two digits and is not a date or a dose."""
        digits = sum(c.isdigit() for c in pattern_text)
        if digits < 2 or _MEASUREMENT.fullmatch(pattern_text):
            return True
        return pattern_text.count("/") >= 1 and digits <= 8
