"""Country names ("her family is from Norway", "Valmera Latvia 44120")."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from triage.pipelines import place_gazetteer
from triage.pipelines.recognizers.base import RuleRecognizer
from triage.pipelines.recognizers.place_name import (
    PlaceNameRecognizer,
    gazetteer_spans,
    result,
)
from triage.pipelines.text_style import style


class CountryRecognizer(RuleRecognizer):
    """Countries as LOCATION: optional, listed in deid_config.yaml to switch it on.

    HIPAA Safe Harbor keeps countries; a PSO may want them gone because a country of
    origin plus a rare event can identify a patient (docs/deid.md has the numbers
    both ways). Title case is enough in mixed-case text (a country's name is rarely an
    ordinary word in Title case); ALL-CAPS or lower-case needs a place cue.
    """

    NAME = "CountryRecognizer"
    ENTITY = "LOCATION"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """LOCATION results for country names that pass the case and cue rules."""
        kind = style(text)
        out: list[RecognizerResult] = []
        for start, end in gazetteer_spans(
            text, place_gazetteer.is_country, lower_too=kind == "lower"
        ):
            value = text[start:end]
            title = any(c.islower() for c in value) and value[:1].isupper()
            if (kind == "mixed" and title) or PlaceNameRecognizer.accept(
                text, start, end, kind
            ):
                out.append(result(self.NAME, self.id, start, end))
        return out
