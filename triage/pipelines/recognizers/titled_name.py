"""Names next to a title or credential: "Dr. Okafor", "RN JT", "Emily Parker, RN"."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern

from triage.pipelines import name_gazetteer
from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import (
    CAP_WORD,
    INITIAL,
    INITIALS,
    LOWER_NAME,
    NAME,
    UPPER_WORD,
    is_not_name,
    trim_name,
)

# Titles strong enough that an ALL-CAPS word after them is a name ("DR LAVELY").
_STRONG = (
    r"(?:\b(?i:dr|doctor|drs|mr|mrs|ms|miss|mx)\b\.?"
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


_AMBIGUOUS_BEFORE = regex.compile(
    r"\b(?:NP|MS|PA|RT|MD|PT|CONTACT|PARTNER|BB|BG|[Cc]ontact)\b\.?[ \t,:]*$"
)
_STRONG_BEFORE = regex.compile(r"(?i:\b(?:dr|doctor|mr|mrs|miss|ms\.)[ \t.]*$)")
_CREDENTIAL_AFTER = regex.compile(r"^[ \t]*,?[ \t]*(?:RN|LPN|CNA|NP|MD|PA|RT)\b")


class TitledNameRecognizer(SpanPatternRecognizer):
    """Staff, patients and reporters named next to a title or credential."""

    ENTITY = "PERSON"
    PATTERNS = (
        Pattern("title_name", rf"{_STRONG}[ \t]*,?[ \t]*(?P<phi>{NAME})", 0.85),
        Pattern(
            "role_name",
            rf"{_ROLE}[ \t]*[,:]?[ \t]*(?P<phi>(?:{INITIAL}[ \t]?)?{CAP_WORD}"
            rf"(?:[ \t]+{CAP_WORD})?)",
            0.75,
        ),
        Pattern("title_initials", rf"{_STRONG}[ \t]+(?P<phi>{INITIALS})", 0.8),
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
        # cues nearly always followed by a name, whatever the case ("REPORTER COHEN")
        Pattern(
            "cue_name_upper",
            r"(?i:\b(?:reporter|reported\s+by|contact|poa|partner|baby\s+(?:boy|girl)"
            r"|bb|bg)\b[:,]?)[ \t]+"
            rf"(?P<phi>(?:{INITIAL}[ \t]?)?{UPPER_WORD}|{INITIALS})(?![a-z])",
            0.7,
        ),
        # all-lower-case notes: "seen by dr healey"
        Pattern("dr_lower", rf"(?i:\bdr\b\.?)[ \t]+(?P<phi>{LOWER_NAME})", 0.6),
    )
    CONTEXT = ()

    def accept(self, text: str, start: int, end: int) -> bool:
        """Reject spans that are common words, and the title word itself."""
        words = text[start:end].split()
        # the name must start right after the title: "NURSE IN CASE" is no name
        if not words or is_not_name(words[0]):
            return False
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
            return any(name_gazetteer.is_known_name(w) for w in words)
        return True

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, with trailing common words trimmed from each name."""
        out = []
        for r in super().analyze(text, entities, nlp_artifacts, regex_flags):
            span = trim_name(text, r.start, r.end)
            if span is None:
                continue
            r.start, r.end = span
            if r.end - r.start == 1 and not text[r.start].isupper():
                continue
            out.append(r)
        return out
