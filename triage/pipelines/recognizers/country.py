"""Country names ("her family is from Norway", "Valmera Latvia 44120")."""

from __future__ import annotations

from triage.pipelines import place_gazetteer
from triage.pipelines.recognizers.place_name import PlaceNameRecognizer


class CountryRecognizer(PlaceNameRecognizer):
    """Countries as LOCATION: optional, listed in deid_config.yaml to switch it on.

    HIPAA Safe Harbor keeps countries; a PSO may want them gone because a country of
    origin plus a rare event can identify a patient (docs/deid.md has the numbers
    both ways). Title case is enough in mixed-case text (a country's name is rarely an
    ordinary word in Title case); ALL-CAPS or lower-case needs a place cue.
    """

    NAME = "CountryRecognizer"
    KNOWN = staticmethod(place_gazetteer.is_country)

    def keep(self, text: str, start: int, end: int, kind: str) -> bool:
        """Title case in mixed-case text, else the city rules' cues."""
        value = text[start:end]
        title = any(c.islower() for c in value) and value[:1].isupper()
        return (kind == "mixed" and title) or self.accept(text, start, end, kind)
