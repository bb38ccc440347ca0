"""Cities by name ("from Rome", "Maringá", "KUOPIO SK 70420")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import regex
from presidio_analyzer import AnalysisExplanation, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from triage.pipelines import place_gazetteer
from triage.pipelines.recognizers.base import RuleRecognizer
from triage.pipelines.text_style import style

# A capitalised word (Title case or ALL CAPS), any Latin script; particles may join
# words inside a name ("Rio de Janeiro", "Stratford upon Avon").
_CAP = r"\p{Lu}[\p{L}'’]*(?:-\p{Lu}?[\p{L}'’]+)*\.?"
_RUN = regex.compile(
    rf"(?<![\p{{L}}\d'’\-@.])(?:{_CAP})(?:[ \t]+(?:(?:de|do|da|dos|das|del|la|le|of"
    rf"|upon|am|on|sur|en|di)[ \t]+)?{_CAP})*"
)
_WORD = regex.compile(r"[\p{L}][\p{L}'’.\-]*")
# lower-case runs are tried only after a cue ("lives in yucaipa")
_LOWER_RUN = regex.compile(r"(?<![\p{L}\d'’\-@.])\p{Ll}[\p{Ll}'’\-]+(?:[ \t]+\p{Ll}+)?")
_CUE = regex.compile(
    r"(?i:\b(?:in|from|to|at|near|visiting|via|toward|towards|lives|resides|outside"
    r"|flew|moved|born|based|grew\s+up|originally|native\s+of|citizen\s+of)\W{0,3}$)"
    r"|@[ \t]*$"
)
# after a place: ", MD", "SK 70420", "70420", "Latvia 44120" (an ALL-CAPS word
# alone is no evidence: "ROME IS" in an ALL-CAPS note)
_AFTER_PLACE = regex.compile(
    r"^(?:[ \t]*,[ \t]*\p{Lu}{2}\b|[ \t]*,?[ \t]*\p{Lu}{2}[ \t]+\d{4,5}\b"
    r"|[ \t]*,?[ \t]*\d{4,5}\b|[ \t]*,?[ \t]*(?:\p{Lu}[\p{L}]+[ \t]*){1,3}\d{4,5}\b)"
)
_ADDRESS_BEFORE = regex.compile(
    r"(?:\d+[A-Za-z]?|(?i:apt|suite|unit|box)\.?[ \t]*\w+)[ \t,>]*$"
)
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;|>\n\"“(\[-][ \t]*)\s*$")
_LABEL_AFTER = regex.compile(r"^[ \t]*:")
SCORE = 0.6


@lru_cache(maxsize=8)
def _word_runs(text: str, lower_too: bool) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The words of each capitalised (or lower-case) run; cached per narrative."""
    runs = [m.span() for m in _RUN.finditer(text)]
    if lower_too:
        runs += [m.span() for m in _LOWER_RUN.finditer(text)]
    return tuple(
        tuple(
            (run_start + m.start(), run_start + m.end())
            for m in _WORD.finditer(text[run_start:run_end])
        )
        for run_start, run_end in runs
    )


def gazetteer_spans(
    text: str, known: Callable[[str], bool], lower_too: bool = False
) -> Iterator[tuple[int, int]]:
    """(start, end) of the longest known names inside capitalised word runs."""
    for words in _word_runs(text, lower_too):
        i = 0
        while i < len(words):
            for n in range(min(place_gazetteer.MAX_WORDS + 1, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                phrase = text[start:end].rstrip(".")
                if known(phrase):
                    yield start, start + len(phrase)
                    i += n
                    break
            else:
                i += 1


def result(name: str, ident: str, start: int, end: int) -> RecognizerResult:
    """A LOCATION result attributed to the recognizer with this name and id."""
    return RecognizerResult(
        entity_type="LOCATION",
        start=start,
        end=end,
        score=SCORE,
        analysis_explanation=AnalysisExplanation(
            recognizer=name,
            original_score=SCORE,
            textual_explanation="place gazetteer",
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: ident,
        },
    )


def _title(value: str) -> bool:
    return any(c.islower() for c in value)


class PlaceNameRecognizer(RuleRecognizer):
    """Known cities (not states: Safe Harbor keeps them), by case and cue rules.

    Mixed-case text: a Title-case name of two or more words is a place; one word needs
    a place cue before it ("from", "in", "@"), a state, ZIP or place after it, an
    address number before it, or a position mid-sentence. ALL-CAPS words (and every
    word of an ALL-CAPS note) need the cue or the address context; lower-case notes
    need a cue.
    """

    NAME = "PlaceNameRecognizer"
    ENTITY = "LOCATION"
    # Which word runs are candidates; a subclass names its own gazetteer.
    KNOWN: Callable[[str], bool] = staticmethod(place_gazetteer.is_place)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """LOCATION results for known names that pass the rules."""
        kind = style(text)
        spans = gazetteer_spans(text, self.KNOWN, lower_too=kind == "lower")
        return [
            result(self.NAME, self.id, start, end)
            for start, end in spans
            if self.keep(text, start, end, kind)
        ]

    def keep(self, text: str, start: int, end: int, kind: str) -> bool:
        """Whether one gazetteer hit is reported (the case and cue rules)."""
        return self.accept(text, start, end, kind)

    @staticmethod
    def accept(text: str, start: int, end: int, kind: str) -> bool:
        """The case and context rules (see the class docstring)."""
        value = text[start:end]
        before = text[max(0, start - 30) : start]
        after = text[end : end + 30]
        if _LABEL_AFTER.match(after):
            return False  # "Event Time: 1105" is a form label
        cued = bool(_CUE.search(before))
        address = bool(_ADDRESS_BEFORE.search(before) or _AFTER_PLACE.match(after))
        if kind != "mixed" or not _title(value):
            return cued or address
        if " " in value.strip() or cued or address:
            return True
        return not _SENTENCE_START.search(before)
