"""Known given names and surnames, from Faker's public per-locale name lists.

Used as corroboration, never alone: an NER hit in a context where the model misfires
(ALL-CAPS or all-lower-case notes, the first word of a sentence) is kept when one of its
words is a known name, and a bare first name needs a cue word as well
(`recognizers/first_name.py`). Words that are also ordinary English or clinical words
("Will", "White", "Grace") are removed so they never corroborate.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

import regex

from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS

_LATIN = regex.compile(r"[\p{Latin}][\p{Latin}'’\-]+")

# Names that are also common English words: never evidence of a name by themselves.
COMMON_WORD_NAMES = frozenset(
    [
        "will",
        "bill",
        "mark",
        "grant",
        "hope",
        "joy",
        "faith",
        "grace",
        "rose",
        "sandy",
        "summer",
        "april",
        "may",
        "june",
        "dawn",
        "holly",
        "ivy",
        "iris",
        "crystal",
        "autumn",
        "rich",
        "hunter",
        "miles",
        "lance",
        "art",
        "frank",
        "chase",
        "guy",
        "jack",
        "white",
        "black",
        "brown",
        "green",
        "gray",
        "grey",
        "young",
        "long",
        "short",
        "little",
        "small",
        "strong",
        "hill",
        "page",
        "bell",
        "wood",
        "woods",
        "stone",
        "king",
        "price",
        "cross",
        "love",
        "best",
        "hall",
        "field",
        "fields",
        "lane",
        "wells",
        "rivers",
        "banks",
        "law",
        "money",
        "street",
        "park",
        "parks",
        "ward",
        "nurse",
        "doctor",
        "baker",
        "cook",
        "taylor",
        "cooper",
        "mason",
        "carter",
        "turner",
        "walker",
        "fisher",
        "hunter",
        "porter",
        "marsh",
        "rice",
        "bush",
        "moss",
        "bond",
        "gay",
        "hart",
        "west",
        "east",
        "north",
        "south",
        "english",
        "french",
        "german",
        "rock",
        "major",
        "earl",
        "duke",
        "prince",
        "sterling",
        "golden",
        "silver",
        "gold",
        "pearl",
        "ruby",
        "amber",
        "jade",
        "coral",
        "sky",
        "star",
        "rain",
        "storm",
        "river",
        "lake",
        "brook",
        "ocean",
        "wolf",
        "fox",
        "lamb",
        "bird",
        "swan",
        "crane",
        "drake",
        "hawk",
        "finch",
        "mercy",
        "honor",
        "patience",
        "prudence",
        "constance",
        "charity",
        "unity",
        "liberty",
        "justice",
        "harmony",
        "destiny",
        "trinity",
        "chance",
        "christian",
        "angel",
        "hero",
        "king",
        "queen",
        "bishop",
        "abbott",
        "pope",
        "cardinal",
        "noble",
        "sage",
        "rowan",
        "ash",
        "oak",
        "forest",
        "shepherd",
        "gardner",
        "miller",
        "smith",
        "wright",
        "dean",
        "judge",
        "marshall",
        "stewart",
        "steward",
        "chamberlain",
        "chambers",
        "house",
        "home",
        "church",
        "temple",
        "chapel",
        "case",
        "head",
        "foot",
        "hand",
        "arms",
        "legs",
        "bone",
        "blood",
        "heart",
        "lung",
        "lungs",
        "pulse",
        "rhythm",
        "care",
        "cares",
        "ward",
        "wards",
        "bay",
        "beds",
        "bed",
        "room",
        "rooms",
        "floor",
        "sweet",
        "sharp",
        "swift",
        "quick",
        "moody",
        "wise",
        "good",
        "goodman",
        "hardy",
        "strange",
        "fair",
        "fairly",
        "rush",
        "shell",
        "shield",
        "coffee",
        "tea",
        "sugar",
        "salt",
        "pepper",
        "ginger",
        "candy",
        "honey",
        "olive",
        "cherry",
        "apple",
        "berry",
    ]
)


def _name_words(attr: object) -> list[str]:
    if isinstance(attr, dict):
        return [str(k) for k in attr]
    if isinstance(attr, list | tuple | set | frozenset):
        return [str(v) for v in attr]
    return []


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    import faker.providers.person as person_providers

    first: set[str] = set()
    last: set[str] = set()
    for info in pkgutil.iter_modules(person_providers.__path__):
        provider = importlib.import_module(
            f"faker.providers.person.{info.name}"
        ).Provider
        for attr in ("first_names", "first_names_female", "first_names_male"):
            for w in _name_words(provider.__dict__.get(attr)):
                first.update(_clean(w))
        for w in _name_words(provider.__dict__.get("last_names")):
            last.update(_clean(w))
    return frozenset(first), frozenset(last)


def _clean(name: str) -> list[str]:
    out = []
    for w in name.split():
        low = w.lower()
        if (
            len(low) >= 2
            and _LATIN.fullmatch(w)
            and low not in NOT_NAME_WORDS
            and low not in COMMON_WORD_NAMES
        ):
            out.append(low)
    return out


def first_names() -> frozenset[str]:
    """Lower-cased given names (Latin script) from every Faker locale."""
    return _lists()[0]


def last_names() -> frozenset[str]:
    """Lower-cased surnames (Latin script) from every Faker locale."""
    return _lists()[1]


def is_known_name(word: str) -> bool:
    """True when the word (any case) is a known given name or surname."""
    w = word.strip(".,;:()'’").lower()
    first, last = _lists()
    return w in first or w in last


def is_known_first_name(word: str) -> bool:
    """True when the word (any case) is a known given name."""
    return word.strip(".,;:()'’").lower() in _lists()[0]


def is_given_name_or_word_name(word: str) -> bool:
    """A known given name, or one of the names that are also words ("bill", "joy").

    For contexts that already say a name follows ("his son, bill, called").
    """
    w = word.strip(".,;:()'’").lower()
    return w in _lists()[0] or w in COMMON_WORD_NAMES


def is_dictionary_only(word: str) -> bool:
    """An English word that no name list holds ("Remains", "Lungs"; not "Gray").

    Initialisms ("HP", "SM") are not judged: they are often a person's initials.
    """
    from triage.pipelines.english_words import is_english_word

    w = word.strip(".,;:()'’")
    if len(w) <= 3 and w.isupper():
        return False
    return (
        is_english_word(w)
        and w.lower() not in COMMON_WORD_NAMES
        and not is_known_name(w)
    )
