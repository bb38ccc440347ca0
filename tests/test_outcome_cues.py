"""Outcome cues: the lexicon loads, matches whole words, and follows negation scope."""

from __future__ import annotations

from importlib import resources

import pytest

from triage import taxonomy
from triage.errors import ConfigError
from triage.pipelines import outcome_cues
from triage.pipelines.features import NarrativeFeaturizer


@pytest.fixture(scope="module")
def featurizer() -> NarrativeFeaturizer:
    return NarrativeFeaturizer(outcome_cues=True).fit(["warm up"])


def cues(featurizer: NarrativeFeaturizer, text: str) -> list[str]:
    return [f for f in featurizer.analyse([text])[0].features if "cue_" in f]


# (text, the cue features in order)
CASES = [
    ("Pt pronounced at 0254 by Dr. <PERSON_1>.", ["cue_death"]),
    # "no ROSC" is death wording, and ROSC (severe wording) is negated by it.
    ("ACLS x 38 min, no ROSC.", ["cue_death", "neg_cue_severe"]),
    ("Patient expired on <DATE_1>.", ["cue_death"]),
    # Expired supplies are an event, not an outcome.
    ("Prep applicators used were expired.", []),
    ("Transferred to the ICU and intubated.", ["cue_severe", "cue_severe"]),
    ("3 sutures placed; xray showed a fracture.", ["cue_moderate", "cue_moderate"]),
    ("No fracture on xray.", ["neg_cue_moderate"]),
    ("Small skin tear to L forearm.", ["cue_mild"]),
    ("No injury; pt back to baseline.", ["cue_no_harm", "cue_no_harm"]),
    ("Possible infection at the line site.", ["hyp_cue_moderate"]),
    ("Extent of injury unclear, CT results pending.", ["cue_unknown", "cue_unknown"]),
    ("Bed request pending since 0400.", []),
    # Whole words only: "deathly", "icicle" and "minority" are not cues.
    ("Deathly quiet unit; icicle on the window; a minority view.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cues_follow_the_words_and_their_scope(featurizer, text, expected):
    assert cues(featurizer, text) == expected


def test_cue_sits_after_its_words_in_the_same_sentence(featurizer):
    text = "Fell at 0300. Pt pronounced at 0410."
    analysis = featurizer.analyse([text])[0]
    i = analysis.features.index("cue_death")
    assert analysis.features[i - 1] == "pronounce"
    assert analysis.sentence_of[i] == 1


def test_off_by_default_and_for_models_saved_before_cues():
    plain = NarrativeFeaturizer().fit(["x"])
    assert not any("cue_" in f for f in plain.transform(["Pt expired."])[0].split())
    old = NarrativeFeaturizer(outcome_cues=True).fit(["x"])
    del old.outcome_cues  # what a model pickled before the parameter existed has
    assert "cue_" not in old.transform(["Pt expired."])[0]


def test_every_level_is_a_harm_code():
    assert set(outcome_cues.cue_patterns()) <= set(taxonomy.load().codes("harm"))


@pytest.mark.parametrize(
    "lexicon",
    [
        "catastrophic:\n  - died\n",
        "death: died\n",
        "death:\n  - '(unclosed'\n",
        "- died\n",
    ],
)
def test_a_broken_lexicon_fails_loudly(monkeypatch, tmp_path, lexicon):
    (tmp_path / "outcome_cues.yaml").write_text(lexicon)
    real = resources.files

    def files(package: str):
        return tmp_path if package == "triage.pipelines" else real(package)

    monkeypatch.setattr(outcome_cues.resources, "files", files)
    outcome_cues.cue_patterns.cache_clear()
    try:
        with pytest.raises(ConfigError) as exc:
            outcome_cues.cue_patterns()
        assert exc.value.code == "outcome_cues_invalid"
    finally:
        outcome_cues.cue_patterns.cache_clear()
