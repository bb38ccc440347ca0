"""Negation-aware featurization and the TF-IDF vectorizer (real spaCy, no mocks)."""

from __future__ import annotations

import pickle

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from triage.errors import ConfigError, InputError
from triage.pipelines.features import (
    NarrativeFeaturizer,
    NarrativeVectorizer,
    mask_placeholders,
)


@pytest.fixture(scope="module")
def featurizer() -> NarrativeFeaturizer:
    return NarrativeFeaturizer().fit(["warm up"])


def feats(featurizer: NarrativeFeaturizer, text: str) -> list[str]:
    return list(featurizer.analyse([text])[0].features)


# (text, features that must be present, features that must be absent)
NEGATION_CASES = [
    ("No injury noted.", ["neg_injury"], ["injury"]),
    ("Pt did NOT fall.", ["neg_fall"], ["fall"]),
    ("Patient didn't fall out of bed.", ["neg_fall"], ["fall"]),
    ("Pt denies pain.", ["neg_pain"], ["pain"]),
    ("Pt fell and hit head.", ["fall", "head"], ["neg_fall", "neg_head"]),
    ("CT head negative.", ["neg_ct", "neg_head"], ["ct"]),
    ("Without harm to the patient.", ["neg_harm"], ["harm"]),
    (
        "Possible infection at the line site.",
        ["hyp_infection"],
        ["infection", "neg_infection"],
    ),
    ("Suspected DVT in left leg.", ["hyp_dvt"], ["dvt"]),
    # scope ends at a terminator: "but" and a semicolon
    ("No injury but bruising on arm.", ["neg_injury", "bruise"], ["neg_bruise"]),
    ("Did not fall; pt reports pain.", ["neg_fall", "pain"], ["neg_pain"]),
    # scope ends at the sentence
    ("No fall. Pain in hip.", ["neg_fall", "pain", "hip"], ["neg_pain", "neg_hip"]),
    # pseudo-negation: "no increase" does not negate what follows it
    ("No increase in pain.", ["pain"], ["neg_pain"]),
    # the window is bounded (5 tokens)
    ("No one saw the patient before he eventually fell", ["fall"], ["neg_fall"]),
]


@pytest.mark.parametrize(("text", "present", "absent"), NEGATION_CASES)
def test_negation_and_hedging_scope(
    featurizer: NarrativeFeaturizer, text: str, present: list[str], absent: list[str]
) -> None:
    out = feats(featurizer, text)
    for f in present:
        assert f in out, (f, out)
    for f in absent:
        assert f not in out, (f, out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RN <PERSON_1> saw <PERSON_2>.", ["rn", "xxperson", "see", "xxperson"]),
        ("on <DATE_12>, MRN <ID_3>", ["on", "xxdate", "mrn", "xxid"]),
        ("rm <LOCATION>", ["rm", "xxlocation"]),
        ("given 2 units at 0340", ["give", "xxnum", "unit", "at", "xxnum"]),
        ("Patients were falling", ["patient", "be", "fall"]),
    ],
)
def test_placeholders_numbers_and_lemmas(
    featurizer: NarrativeFeaturizer, text: str, expected: list[str]
) -> None:
    assert feats(featurizer, text) == expected


@pytest.mark.parametrize(
    "text", ["<PERSON_1> fell", "x <DATE_2>, y", "<ID_10>", "no placeholders here"]
)
def test_mask_keeps_offsets(text: str) -> None:
    masked = mask_placeholders(text)
    assert len(masked) == len(text)
    assert "<" not in masked


def test_sentences_map_back_to_the_redacted_text(
    featurizer: NarrativeFeaturizer,
) -> None:
    text = "Pt <PERSON_1> found on floor. No injury.\nBed alarm was off."
    a = featurizer.analyse([text])[0]
    assert len(a.sentences) == 3
    assert a.sentence_text(text, 0) == "Pt <PERSON_1> found on floor."
    alarm = a.features.index("alarm")
    assert a.sentence_text(text, a.sentence_of[alarm]) == "Bed alarm was off."


def test_featurizer_estimator_contract() -> None:
    f = NarrativeFeaturizer(negation_window=3)
    with pytest.raises(NotFittedError):
        f.transform(["x"])
    assert f.fit(["x"]) is f
    assert f.spacy_version_
    assert clone(f).get_params() == f.get_params()
    assert not hasattr(clone(f), "spacy_version_")
    again = pickle.loads(pickle.dumps(f))
    assert again.transform(["No injury."]) == f.transform(["No injury."])


@pytest.mark.parametrize("bad", ["a single string", [1, 2], ["ok", None]])
def test_featurizer_rejects_non_text(
    featurizer: NarrativeFeaturizer, bad: object
) -> None:
    with pytest.raises(InputError):
        featurizer.transform(bad)  # type: ignore[arg-type]


def test_bad_parameters_fail_loudly() -> None:
    with pytest.raises(ConfigError):
        NarrativeFeaturizer(negation_window=0).fit(["x"])


def test_vectorizer_word_block_comes_first() -> None:
    texts = [
        "Pt fell, no injury.",
        "Pt fell and broke hip.",
        "Wrong dose given, no harm.",
    ] * 3
    vec = NarrativeVectorizer(word_min_df=1, char_min_df=1)
    X = vec.fit_transform(texts)
    assert X.shape[0] == len(texts)
    words = list(vec.word_features_)
    assert "neg_injury" in words and "fall" in words
    row = vec.transform(["no injury"])
    injury_col = words.index("neg_injury")
    assert row[0, injury_col] > 0
    assert row[0, words.index("fall")] == 0
    # same text, same vector
    assert (vec.transform(texts[:1]) != X[:1]).nnz == 0
