"""The Coder on a real (tiny) trained model: output shape, coupling, verification."""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from test_models_support import (
    copy_model,
    tiny_config,
    tiny_data_dir,
    tiny_model_dir,
    tiny_splits,
)

from training.train_coding import augmented, train
from triage import taxonomy
from triage.errors import InputError, ModelError
from triage.models.coder import Coder, Coding
from triage.models.config import CodingConfig
from triage.models.gold import redact_gold

TAX = taxonomy.load()


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.load(tiny_model_dir())


@pytest.fixture(scope="module")
def codings(coder: Coder) -> list[Coding]:
    return coder.code_batch([redact_gold(r) for r in tiny_splits()["test"]])


def test_every_target_is_coded_with_taxonomy_codes(
    codings: list[Coding], coder: Coder
) -> None:
    for c in codings:
        assert c.model_version == coder.version
        for target in ("event_type", "event_kind", "harm"):
            pred = getattr(c, target)
            assert TAX.is_valid(target, pred.code)
            assert 0.0 < pred.probability <= 1.0
            assert len(pred.alternatives) == min(3, len(TAX.codes(target)) - 1)
            assert all(
                p <= pred.probability + 1e-9 or target == "harm"
                for _, p in pred.alternatives
            )
            assert pred.code not in [code for code, _ in pred.alternatives]
        assert set(c.factor_probabilities) == set(TAX.codes("factors"))
        for f in c.factors:
            assert f.probability == c.factor_probabilities[f.code]


def test_alternatives_and_chosen_cover_the_distribution(coder: Coder) -> None:
    c = coder.code("Pt found on floor beside bed, no injury. Bed alarm was off.")
    kind = c.event_kind
    assert kind.probability + sum(p for _, p in kind.alternatives) == pytest.approx(1.0)


def test_harm_is_no_harm_whenever_the_event_did_not_reach_the_patient(
    codings: list[Coding],
) -> None:
    # P(harm) mixes P(incident); a confident non-incident cannot carry harm.
    for c in codings:
        if c.event_kind.code != "incident" and c.event_kind.probability > 0.9:
            assert c.harm.code == "no_harm"


def test_better_than_chance_on_held_out(codings: list[Coding]) -> None:
    gold = tiny_splits()["test"]
    acc = sum(
        c.event_type.code == r.event_type for c, r in zip(codings, gold, strict=True)
    )
    assert acc / len(gold) > 0.4  # ten classes: chance is 0.1


def test_evidence_terms_come_from_the_narrative(coder: Coder) -> None:
    text = "Pt received wrong dose of insulin from the pump; glucose 38, given D50."
    c = coder.code(text)
    assert c.event_type.sentences
    for sentence in c.event_type.sentences:
        assert sentence in " ".join(text.split())


def _rounded(value: object) -> object:
    """A coding as plain data, floats to 9 places: batch and single matrix products
    may differ in the last bits (BLAS sums in another order), never in more."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _rounded(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


def test_code_and_batch_agree(coder: Coder) -> None:
    texts = [redact_gold(r) for r in tiny_splits()["test"][:5]]
    batch = coder.code_batch(texts)
    assert _rounded(batch) == _rounded([coder.code(t) for t in texts])
    assert coder.code_batch([]) == []


def test_rejects_non_text(coder: Coder) -> None:
    with pytest.raises(InputError):
        coder.code_batch(["ok", 3])  # type: ignore[list-item]


def test_loads_quickly() -> None:
    tiny_model_dir()
    start = time.perf_counter()
    Coder.load(tiny_model_dir())
    assert time.perf_counter() - start < 5.0


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (
            lambda d: (d / "harm.skops").write_bytes(
                b"x" + (d / "harm.skops").read_bytes()
            ),
            "model_tampered",
        ),
        (lambda d: (d / "factors.skops").unlink(), "model_incomplete"),
        (lambda d: (d / "error_risk.skops").unlink(), "model_incomplete"),
        (
            lambda d: (d / "error_risk.skops").write_bytes(b"not a model"),
            "model_tampered",
        ),
        (lambda d: (d / "manifest.json").unlink(), "model_missing"),
        (lambda d: (d / "manifest.json").write_text("{not json"), "model_corrupt"),
    ],
)
def test_refuses_tampered_or_incomplete_models(
    tmp_path: Path, damage, code: str
) -> None:
    model = copy_model(tmp_path)
    damage(model)
    with pytest.raises(ModelError) as exc:
        Coder.load(model)
    assert exc.value.code == code


def test_manifest_dropping_an_artifact_is_incomplete(tmp_path: Path) -> None:
    model = copy_model(tmp_path)
    manifest = json.loads((model / "manifest.json").read_text())
    del manifest["artifacts"]["vectorizer.skops"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError) as exc:
        Coder.load(model)
    assert exc.value.code == "model_incomplete"


def test_codings_carry_an_error_risk(codings: list[Coding]) -> None:
    assert all(c.error_risk is not None and 0 <= c.error_risk <= 1 for c in codings)


def test_a_model_without_an_error_risk_estimator_still_loads(tmp_path: Path) -> None:
    # Models trained before the estimator existed have no error_risk artifact.
    model = copy_model(tmp_path)
    manifest = json.loads((model / "manifest.json").read_text())
    del manifest["artifacts"]["error_risk.skops"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    (model / "error_risk.skops").unlink()
    coding = Coder.load(model).code("Pt found on floor beside bed, no injury.")
    assert coding.error_risk is None


def test_manifest_records_provenance() -> None:
    m = json.loads((tiny_model_dir() / "manifest.json").read_text())
    assert set(m["artifacts"]) == {
        f"{n}.skops"
        for n in (
            "vectorizer",
            "event_type",
            "event_kind",
            "harm",
            "factors",
            "error_risk",
        )
    }
    assert set(m["training_data"]["files"]) == {"train.jsonl", "dev.jsonl"}
    assert len(m["training_data"]["sha256"]) == 64
    assert m["config"]["seed"] == json.loads(json.dumps(m["config"]))["seed"]
    assert "overall" in m["metrics"]["dev"]


def test_augmentation_is_deterministic_and_never_repeats_a_dev_text() -> None:
    from dataclasses import replace

    config = CodingConfig.load()
    config = replace(config, augmentation=replace(config.augmentation, generated=40))
    splits = tiny_splits()
    first = augmented(splits["train"], splits["dev"], config)
    assert [r.text for r in first] == [
        r.text for r in augmented(splits["train"], splits["dev"], config)
    ]
    assert 0 < len(first) <= 40
    assert {r.source for r in first} == {"generated"}
    assert all(r.id.startswith("aug-") for r in first)
    # A dev narrative that the generator happens to produce is left out.
    clash = replace(splits["dev"][0], text=first[0].text)
    again = augmented(splits["train"], [clash], config)
    assert first[0].text not in {r.text for r in again}
    off = replace(config, augmentation=replace(config.augmentation, generated=0))
    assert augmented(splits["train"], splits["dev"], off) == []


@pytest.mark.slow
def test_same_data_and_config_give_the_same_model(tmp_path: Path) -> None:
    again = train(tiny_data_dir(), tmp_path / "again", tiny_config())
    first = json.loads((tiny_model_dir() / "manifest.json").read_text())
    assert again["metrics"] == first["metrics"]
    assert again["training_data"] == first["training_data"]
