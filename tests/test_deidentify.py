"""End-to-end de-identification with real spaCy and Presidio (no mocks)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from triage.errors import ConfigError, InputError
from triage.pipelines import deid_config
from triage.pipelines.deidentify import Deidentifier, DetectedEntity, Redaction

NARRATIVE = (
    "Pt found on floor beside bed at 0340 by RN K. Moore, who notified Dr. Okafor.\n"
    "Pt Walter Kaminski, MRN 40917736, 92 yo, rm 631, Larkspur Tower, St. Brigid "
    "Medical Center. Son Peter called 410-555-0134 on 3/14/2024. Moore placed Foley, "
    "Braden 12, Morse 65, GCS 14, Bair Hugger on, Coumadin held, Zosyn given via "
    "Alaris from Pyxis. "
    "POD 2, x3 days, in 2019. Email k.moore@stbrigid.org, portal https://stbrigid.org/x."
)
PHI = [
    "K. Moore",
    "Okafor",
    "Walter Kaminski",
    "40917736",
    "92",
    "631",
    "Larkspur Tower",
    "St. Brigid Medical Center",
    "Peter",
    "410-555-0134",
    "3/14/2024",
    "k.moore@stbrigid.org",
    "https://stbrigid.org/x",
]
KEEP = [
    "Foley",
    "Braden 12",
    "Morse 65",
    "GCS 14",
    "Bair Hugger",
    "Coumadin",
    "Zosyn",
    "Alaris",
    "Pyxis",
    "POD 2",
    "x3 days",
    "2019",
    "0340",
    "rm",
]


def _config() -> deid_config.DeidConfig:
    """The packaged config, trained NER included (`make models` builds it)."""
    cfg = deid_config.load()
    if not (cfg.trained_path / "meta.json").is_file():
        pytest.fail("the trained PHI NER is missing: run `make models` first")
    return cfg


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier(_config())


def test_redacts_phi_and_keeps_clinical_terms(deid: Deidentifier) -> None:
    r = deid.redact(NARRATIVE)
    assert isinstance(r, Redaction)
    for value in PHI:
        assert value not in r.redacted_text, value
    for value in KEEP:
        assert value in r.redacted_text, value
    assert "RN <PERSON_1>" in r.redacted_text and "Dr. <PERSON_2>" in r.redacted_text
    # the bare "Moore" later is the same nurse
    assert "<PERSON_1> placed Foley" in r.redacted_text


def test_second_mention_of_a_facility_is_redacted(deid: Deidentifier) -> None:
    r = deid.redact(
        "PT TRANSFERRED FROM CALLOWAY HOSPITAL ON 7/2. AT CALLOWAY GIVEN 2 FFP."
    )
    assert "CALLOWAY" not in r.redacted_text
    assert r.redacted_text.count("<LOCATION_1>") == 2  # one facility, one number


def test_entities_are_original_offsets(deid: Deidentifier) -> None:
    r = deid.redact(NARRATIVE)
    surfaces = [NARRATIVE[e.start : e.end] for e in r.entities]
    for value in PHI:
        assert any(value in s for s in surfaces), value
    assert all(isinstance(e, DetectedEntity) and 0 <= e.score <= 1 for e in r.entities)
    assert [e.start for e in r.entities] == sorted(e.start for e in r.entities)


def test_batch_equals_single(deid: Deidentifier) -> None:
    texts = [NARRATIVE, "Daughter Sabine called.", "No PHI in this one."]
    assert deid.redact_batch(texts) == [deid.redact(t) for t in texts]


def test_batch_rejects_bad_text_with_index(deid: Deidentifier) -> None:
    with pytest.raises(InputError) as info:
        deid.redact_batch(["fine text", "  "])
    assert info.value.code == "narrative_empty" and info.value.details["index"] == 1


def test_100kb_narrative_is_handled(deid: Deidentifier) -> None:
    big = (NARRATIVE + "\n") * (100_000 // len(NARRATIVE) + 1)
    t0 = time.perf_counter()
    r = deid.redact(big)
    assert time.perf_counter() - t0 < 60
    assert "Okafor" not in r.redacted_text and "40917736" not in r.redacted_text


def test_errors_and_logs_carry_no_phi(
    deid: Deidentifier, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        deid.redact(NARRATIVE)
        for bad in (NARRATIVE + "\x00", NARRATIVE * 10_000):
            with pytest.raises(InputError) as info:
                deid.redact(bad)
            assert "Okafor" not in str(info.value)
    assert "Okafor" not in caplog.text and "40917736" not in caplog.text


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("version: 1\nnlp: [", "deid_config_invalid"),
        ("- a list\n", "deid_config_invalid"),
        ("version: 2\n", "deid_config_invalid"),
    ],
)
def test_broken_config_is_an_error(tmp_path: Path, content: str, code: str) -> None:
    path = tmp_path / "deid.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError) as info:
        Deidentifier.from_config(path)
    assert info.value.code == code


def test_unknown_key_and_missing_file_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Deidentifier.from_config(tmp_path / "absent.yaml")
    assert info.value.code == "deid_config_missing"
    text = deid_config.DEFAULT_PATH.read_text().replace(
        "leak_gate:\n", "surprise: 1\nleak_gate:\n"
    )
    (tmp_path / "x.yaml").write_text(text)
    (tmp_path / "allow_list.yaml").write_text("a: [Foley]\n")
    with pytest.raises(ConfigError, match="surprise"):
        Deidentifier.from_config(tmp_path / "x.yaml")


def test_missing_trained_model_names_the_build_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRIAGE_PHI_NER_PATH", str(tmp_path / "no-model"))
    with pytest.raises(ConfigError) as info:
        Deidentifier.from_config()
    assert info.value.code == "phi_ner_missing"
    assert "training.train_phi_ner" in info.value.message
