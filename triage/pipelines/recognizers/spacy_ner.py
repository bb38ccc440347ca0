"""PHI from spaCy NER: the pretrained model's doc.ents, the trained one's spans."""

from __future__ import annotations

from collections.abc import Mapping

import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Span

from triage.pipelines.allow_list import AllowList
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


_DATE_SHAPE = regex.compile(
    r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{1,4}[/\-.]\d{1,2}"
    r"|\d(?:st|nd|rd|th)\b"
)
_ROOM_CUE = regex.compile(r"(?i:\b(?:rm|room|bed|bay|suite|unit|#)\W{0,3}$)")


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def _plausible(span: Span, shouting: bool) -> bool:
    """Shape checks on the trained NER's output, which drifts on ICU-note style text.

    Measured on PhysioNet notes (docs/deid.md): without them the model, trained on
    incident narratives, calls ranges dates, vitals phones and ALL-CAPS words names.
    """
    value = span.text
    digits = sum(c.isdigit() for c in value)
    label = span.label_
    if label == "DATE":
        return bool(_DATE_SHAPE.search(value))
    if label == "PHONE":
        return digits >= 4 and not regex.fullmatch(r"\d{2,3}-\d{2,3}", value)
    if label == "ID":
        return digits >= 3
    if label == "AGE":
        return value.isdigit() and 90 <= int(value) <= 119
    if label == "LOCATION" and value.isdigit():
        before = span.doc.text[max(0, span.start_char - 12) : span.start_char]
        return bool(_ROOM_CUE.search(before))
    # in ALL-CAPS notes the model cannot tell names from words; patterns decide
    return not (label == "PERSON" and shouting)


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
        if self.use_pretrained:
            for ent in doc.ents:
                etype = self.PRETRAINED_LABELS.get(ent.label_)
                if etype and etype in entities:
                    self._add(
                        out, ent, etype, self.pretrained_scores.get(etype, 0.5), True
                    )
        if self.use_trained and PHI_SPANS_KEY in doc.spans:
            shouting = _mostly_upper(text)
            for span in doc.spans[PHI_SPANS_KEY]:
                if span.label_ in entities and _plausible(span, shouting):
                    self._add(out, span, span.label_, self.trained_score, False)
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
            doc[start].lower_ in _TITLES or doc[start].is_punct or doc[start].is_space
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_punct
            or doc[end - 1].lower_ in ("'s", "’s")
            or doc[end - 1].is_space
        ):
            end -= 1
        return doc[start:end] if end > start else None
