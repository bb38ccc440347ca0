"""Given names beside a contact verb: "spoke with ingrid", "bob visited", "IDA AWARE".

Social and update lines name relatives and staff by first name only, with no title
and often in lower case: "social: bill called at 0400", "talked with ingrid from case
management". A known given name counts as a name here when a contact phrase stands
right before it or a contact verb right after it. Given names that are also English
words ("bill", "grace", "mark") need the verb after them, which a word never takes in
this place ("grace period", "mark the site").
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import name_gazetteer
from triage.pipelines.recognizers.base import RuleRecognizer
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS
from triage.pipelines.text_style import style

SCORE = 0.6
_BEFORE = regex.compile(
    # not "called"/"paged": "called early", "paged back" are no names
    r"(?i:\b(?:spoke|spoken|talked|talk|speak|discussed|met|consulted"
    r"|reached)[ \t]+(?:with[ \t]+|to[ \t]+)?"
    r"|\bwork(?:ed|ing)?[ \t]+with[ \t]+"
    r"|\bsocial[ \t]*[:=\-]+[ \t]*|\bable[ \t]+to[ \t]+reach[ \t]+)$"
)
_AFTER = regex.compile(
    r"^(?i:[ \t]+(?:visited|visiting|called|phoned|came|aware|updated|notified"
    r"|made[ \t]+aware"
    r"|in[ \t]+to[ \t]+(?:visit|see)|at[ \t]+bed[ \t]?side|here[ \t]+(?:today|this)"
    r"))\b"
)
_IN_LAW = regex.compile(r"(?i:\bin[ \t\-]+law)$")
_WORD = regex.compile(r"(?<![\p{L}'’\-])\p{L}{3,}(?![\p{L}'’\-])")


class ContactNameRecognizer(RuleRecognizer):
    """Known given names right after a contact phrase or before a contact verb."""

    NAME = "ContactNameRecognizer"
    ENTITY = "PERSON"

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """One result per given name with a contact phrase before or verb after."""
        out: list[RecognizerResult] = []
        note_style = style(text)
        for m in _WORD.finditer(text):
            word = m.group()
            if not _written_as_name(word, note_style):
                continue
            w = word.lower()
            if w in NOT_NAME_WORDS or w in allow_list_mod.default_words():
                continue
            given = name_gazetteer.is_known_first_name(w)
            if not (given or w in name_gazetteer.COMMON_WORD_NAMES):
                continue
            # "son in law visiting": a kinship phrase, not a name
            after = bool(_AFTER.match(text[m.end() : m.end() + 24])) and not (
                _IN_LAW.search(text[max(0, m.start() - 4) : m.end()])
            )
            before = bool(_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))
            # a name that is also a common word ("bill", "grace") needs the verb;
            # WordNet's famous names ("homer", "dante") are no such words
            word_like = not given or w in name_gazetteer.COMMON_WORD_NAMES
            if after or (before and not word_like):
                out.append(self.result(m.start(), m.end(), SCORE, "contact name"))
        return out


def _written_as_name(word: str, note_style: str) -> bool:
    """Case as the note writes names: lower in lower-case notes, else capitalised."""
    if word.islower():
        return note_style == "lower"
    return word[0].isupper() and (word[1:].islower() or word.isupper())
