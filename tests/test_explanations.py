"""Explanations: readable terms, present in the text, with their sentence."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from triage.models.explanations import display_term, explain, is_readable
from triage.pipelines.features import NarrativeVectorizer


@pytest.mark.parametrize(
    ("feature", "shown"),
    [
        ("neg_injury", "NOT injury"),
        ("hyp_infection", "POSSIBLE infection"),
        ("xxperson", "<PERSON>"),
        ("xxnum unit", "<NUMBER> unit"),
        ("bed alarm", "bed alarm"),
        ("pronounce cue_death", "pronounce [outcome wording: death]"),
        ("neg_cue_no_harm", "NOT [outcome wording: no harm]"),
    ],
)
def test_display_term(feature: str, shown: str) -> None:
    assert display_term(feature) == shown


@pytest.mark.parametrize(
    ("feature", "readable"),
    [
        ("the", False),
        ("neg_the", False),
        ("xxperson", False),
        ("of the", False),
        ("neg_injury", True),
        ("the alarm", True),
    ],
)
def test_is_readable(feature: str, readable: bool) -> None:
    assert is_readable(feature) is readable


@pytest.fixture(scope="module")
def vectorizer() -> NarrativeVectorizer:
    texts = [
        "Pt fell in bathroom. Floor was wet.",
        "Bed alarm off, pt found on floor.",
        "Wrong dose of heparin given. No injury.",
        "Insulin dose omitted; glucose high.",
    ]
    return NarrativeVectorizer(word_min_df=1, char_min_df=1).fit(texts)


def weights_for(vec: NarrativeVectorizer, terms: dict[str, float]) -> np.ndarray:
    n = vec.transform(["x"]).shape[1]
    w = np.zeros(n)
    words = list(vec.word_features_)
    for term, value in terms.items():
        w[words.index(term)] = value
    return w


def test_top_terms_with_their_sentences(vectorizer: NarrativeVectorizer) -> None:
    text = "Pt fell in bathroom. Floor was wet and there was no injury."
    row = sparse.csr_matrix(vectorizer.transform([text]))[0]
    analysis = vectorizer.featurizer_.analyse([text])[0]
    w = weights_for(
        vectorizer,
        {"fall": 2.0, "wet": 1.0, "neg_injury": 0.5, "floor": -3.0, "heparin": 5.0},
    )
    ev = explain(row, w, vectorizer.word_features_, analysis, text, max_terms=5)
    terms = [e.term for e in ev]
    assert terms[:2] == ["fall", "wet"]
    assert "NOT injury" in terms
    assert "floor" not in terms  # pushes away from the code
    assert "heparin" not in terms  # not in this narrative
    assert ev[0].sentence == "Pt fell in bathroom."
    assert ev[1].sentence == "Floor was wet and there was no injury."
    assert all(e.contribution > 0 for e in ev)


def test_limits_and_missing_weights(vectorizer: NarrativeVectorizer) -> None:
    text = "Pt fell in bathroom. Floor was wet."
    row = sparse.csr_matrix(vectorizer.transform([text]))[0]
    analysis = vectorizer.featurizer_.analyse([text])[0]
    w = weights_for(vectorizer, {"fall": 2.0, "wet": 1.0, "bathroom": 1.5})
    assert len(explain(row, w, vectorizer.word_features_, analysis, text, 2)) == 2
    assert explain(row, None, vectorizer.word_features_, analysis, text, 2) == ()
    assert explain(row, w, vectorizer.word_features_, analysis, text, 0) == ()
