"""The town a patient or relative lives in: "lives in Brackwood with her son".

Social histories name the town after "lives in", "resides in", "home in", in any
letter case and whether or not a gazetteer knows it. The words after the cue are a
town when they are no English or stop words ("lives in a nursing home", "lives in
the area" are not); a leading "New", "Lake", "Port" or "Mount" belongs to the name.
Towns that are also dictionary words ("Boston", in WordNet) are left to the place
gazetteer.
"""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS

_PREFIX = (
    r"(?i:new|lake|port|mount|mt\.?|fort|ft\.?|north|south|east|west|saint|st\.?"
    r"|san|santa|el|la|los|las|glen)"
)


class ResidenceTownRecognizer(SpanPatternRecognizer):
    """One or two words naming a town after a residence cue."""

    ENTITY = "LOCATION"
    PATTERNS = (
        Pattern(
            "after_lives_in",
            r"(?i:\b(?:lives|living|resides|residing|home|moved)[ \t]+"
            r"(?:nearby[ \t]+)?(?:in|near|to)[ \t]+)"
            rf"(?P<phi>(?:{_PREFIX}[ \t]+)?\p{{L}}[\p{{L}}'’\-]{{2,}})"
            r"(?![\p{L}\-])",
            0.6,
        ),
    )

    def accept(self, text: str, start: int, end: int) -> bool:
        """The name's last word names no thing ("lives in a home", "in the area")."""
        last = text[start:end].split()[-1]
        return last.lower() not in NOT_NAME_WORDS and not is_english_word(
            last, inflected=True
        )
