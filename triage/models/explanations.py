"""Why a linear model chose a code: its top contributing terms and their sentences.

A term's contribution to a code is (weight toward the code) x (the term's TF-IDF value
in this narrative), over the word n-gram features only: character n-grams carry
signal but are not readable evidence. Terms are shown as a reader would say them
(``neg_injury`` -> ``NOT injury``, ``xxperson`` -> ``<PERSON>``, ``cue_death`` ->
``[outcome wording: death]``) with the first
sentence of the redacted narrative that contains them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

from triage.pipelines.features import Analysis
from triage.pipelines.outcome_cues import CUE_PREFIX

_PREFIXES = {"neg_": "NOT ", "hyp_": "POSSIBLE "}


@dataclass(frozen=True)
class Evidence:
    """One term that pushed toward a code, its weight and where it occurs."""

    term: str
    contribution: float
    sentence: str


def display_term(feature: str) -> str:
    """A feature n-gram as a reader would say it."""
    words = []
    for token in feature.split(" "):
        shown = token
        for prefix, said in _PREFIXES.items():
            if token.startswith(prefix):
                shown = said + token[len(prefix) :]
        if shown.startswith("xx") and shown[2:].isalpha():
            shown = "<NUMBER>" if shown == "xxnum" else f"<{shown[2:].upper()}>"
        elif CUE_PREFIX in shown:
            # "NOT cue_no_harm" -> "NOT [outcome wording: no harm]"
            head, level = shown.split(CUE_PREFIX, 1)
            shown = f"{head}[outcome wording: {level.replace('_', ' ')}]"
        words.append(shown)
    return " ".join(words)


def is_readable(feature: str) -> bool:
    """Whether a feature n-gram can serve as evidence (not only stop words or masks)."""
    for token in feature.split(" "):
        bare = token[4:] if token.startswith(("neg_", "hyp_")) else token
        if bare.startswith("xx") or bare in STOP_WORDS or len(bare) < 2:
            continue
        return True
    return False


def _sentence_of(feature: str, analysis: Analysis) -> int | None:
    gram = feature.split(" ")
    feats = analysis.features
    for i in range(len(feats) - len(gram) + 1):
        if list(feats[i : i + len(gram)]) == gram:
            return analysis.sentence_of[i]
    return None


def explain(
    row: sparse.csr_matrix,
    weights: NDArray[np.float64] | None,
    word_features: NDArray[np.str_],
    analysis: Analysis,
    text: str,
    max_terms: int,
) -> tuple[Evidence, ...]:
    """The top `max_terms` positively contributing word terms of one feature row."""
    if weights is None or max_terms == 0:
        return ()
    n_word = len(word_features)
    cols = row.indices[row.indices < n_word]
    if len(cols) == 0:
        return ()
    vals = row.data[: len(row.indices)][row.indices < n_word]
    contrib = weights[cols] * vals
    order = np.argsort(-contrib, kind="stable")
    out: list[Evidence] = []
    for k in order:
        if contrib[k] <= 0 or len(out) >= max_terms:
            break
        feature = str(word_features[cols[k]])
        if not is_readable(feature):
            continue
        index = _sentence_of(feature, analysis)
        sentence = analysis.sentence_text(text, index) if index is not None else ""
        out.append(Evidence(display_term(feature), float(contrib[k]), sentence))
    return tuple(out)
