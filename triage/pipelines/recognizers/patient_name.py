"""Names the note itself marks as the patient's: "CASEY WATTS (pt)", "PT SANDY
MCALLISTER DOB ...", "Patient LD (MRN ...)", "lorrie morales is a 70 yr old female".

Whatever the case style, a name right before the patient's record number, birth date
or "(pt)", or at the head of "X is a 70 yo ...", is the patient's. The rules find the
anchor first and look back at most three words, so they cost little per note.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from triage.pipelines import name_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import RuleRecognizer
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS, trim_name

SCORE = 0.7
# the word (any case, any Latin script, or an initialism "LD") ending at a position
_LAST_WORD = regex.compile(r"(?<![\p{L}\d'’\-])\p{L}[\p{L}'’\-]*$")
_IDENTIFIER = regex.compile(
    r"[ \t]*,?[ \t]*(?:\((?i:pt|patient)\)|\(?(?:MRN|DOB|D\.O\.B\.)\b)"
)
_AGE_CLAUSE = regex.compile(
    r"[ \t]+(?i:is|was)[ \t]+(?i:an?)[ \t]+\d{1,3}[ \t\-]*"
    r"(?i:y/?o|yr?s?\.?[ \t\-]+old|year[ \t\-]+old)\b"
)
# what may stand between the words of a name: spaces only
_GAP_BEFORE = regex.compile(r"[ \t]+$")
_CLAUSE_START = regex.compile(r"(?:^|[\n.:;!?])[ \t]*(?:(?i:pt\.?|patient)[ \t]+)?$")
_LEAD = regex.compile(r"(?i:pt\.?|patient|name:?|resident)")
# "Odum, 71 yo, MRN ...": what sits between a name and its MRN is not always a name
_AGE_WORDS = frozenset(["yo", "yr", "yrs", "y", "o", "old", "male", "female", "m", "f"])


class PatientNameRecognizer(RuleRecognizer):
    """PERSON spans the note ties to the patient's identifiers or age."""

    NAME = "PatientNameRecognizer"
    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Names before an identifier, and at the head of an "is a 70 yo" clause."""
        out = []
        for m in _IDENTIFIER.finditer(text):
            span = _name_before(text, m.start(), sentence_start=False)
            if span:
                out.append(self.result(*span, SCORE, "name before the patient's id"))
        for m in _AGE_CLAUSE.finditer(text):
            span = _name_before(text, m.start(), sentence_start=True)
            if span:
                out.append(self.result(*span, SCORE, "name before the patient's age"))
        return out


def _name_before(text: str, end: int, sentence_start: bool) -> tuple[int, int] | None:
    """The name of up to three words ending at `end`, or None.

    With sentence_start, the words must open the text, a line or a sentence.
    """
    words: list[tuple[int, int]] = []
    pos = end
    while len(words) < 4:  # one more than a name, to tell where the sentence began
        m = _LAST_WORD.search(text, max(0, pos - 40), pos)
        if m is None:
            break
        words.insert(0, m.span())
        gap = _GAP_BEFORE.search(text, max(0, m.start() - 10), m.start())
        if gap is None:
            break
        pos = gap.start()
    if sentence_start:
        words = _without_lead(text, words)
        if not words or len(words) > 3:
            return None  # more than three words since the sentence began
        if not _CLAUSE_START.search(text, 0, words[0][0]):
            return None
    words = _without_lead(text, words[-3:])
    if not words:
        return None
    span = trim_name(text, words[0][0], words[-1][1])
    if span is None or not _name_like(text[span[0] : span[1]]):
        return None
    return span


def _without_lead(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words after a leading "PT" / "Patient" / "Name:"."""
    while words and _LEAD.fullmatch(text[words[0][0] : words[0][1]]):
        words = words[1:]
    return words


def _name_like(value: str) -> bool:
    """No word is a clinical or age word, and one is a known name or no word at all."""
    words = value.split()
    if any(w.lower().strip(".,") in NOT_NAME_WORDS | _AGE_WORDS for w in words):
        return False
    return any(
        name_gazetteer.is_known_name(w)
        or w.lower() in name_gazetteer.COMMON_WORD_NAMES
        or not is_english_word(w, inflected=True)
        for w in words
    )
