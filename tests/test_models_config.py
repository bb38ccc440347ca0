"""The coding config: the committed file loads; anything unknown or mistyped fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.errors import ConfigError
from triage.models.config import CodingConfig


def test_committed_config_loads() -> None:
    config = CodingConfig.load()
    assert config.features.word_ngram_range[0] >= 1
    assert config.harm.unknown_threshold > 0
    assert CodingConfig.from_dict(config.to_dict()) == config


@pytest.mark.parametrize(
    "raw",
    [
        {"sede": 1},
        {"event_type": {"C": 1.0, "penalty": "l1"}},
        {"event_type": {"C": "ten"}},
        {"event_type": {"C": -1.0}},
        {"features": {"word_ngram_range": [2, 1]}},
        {"features": {"word_ngram_range": [1]}},
        {"features": {"lemmatize": "yes"}},
        {"harm": {"unknown_threshold": 1.5}},
        {"factors": {"min_threshold": 0.8, "max_threshold": 0.2}},
        {"factors": {"class_weight": "auto"}},
        {"seed": True},
        {"source_weights": {"scraped": 2.0}},
        {"source_weights": {"handwritten": 0}},
        {"source_weights": ["handwritten"]},
        {"augmentation": {"generated": -1}},
        {"augmentation": {"generated": "many"}},
        {"augmentation": {"n": 10}},
        {"error_risk": {"enabled": "yes"}},
        {"error_risk": {"C": 0}},
        {"error_risk": {"class_weight": "balanced"}},
        ["not", "a", "mapping"],
    ],
)
def test_bad_config_fails_loudly(raw: object) -> None:
    with pytest.raises(ConfigError):
        CodingConfig.from_dict(raw)


def test_missing_file_fails(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        CodingConfig.load(tmp_path / "nope.yaml")
    assert exc.value.code == "model_config_missing"


def test_null_where_allowed() -> None:
    config = CodingConfig.from_dict(
        {"features": {"char_max_features": None}, "seed": 3}
    )
    assert config.features.char_max_features is None
    assert config.seed == 3


def test_source_weights() -> None:
    config = CodingConfig.from_dict(
        {"source_weights": {"handwritten": 3, "reviewed": 2.5}}
    )
    assert config.source_weights == {"handwritten": 3.0, "reviewed": 2.5}


def test_committed_config_augments_training_only() -> None:
    config = CodingConfig.load()
    # The shipped model learns from extra generated narratives (docs/models.md).
    assert config.augmentation.generated > 0
    assert config.source_weights["handwritten"] > 1.0


def test_error_risk_is_off_unless_configured_and_on_in_the_committed_config() -> None:
    assert not CodingConfig.from_dict({}).error_risk.enabled
    # The review queue's default thresholds assume it (docs/review.md).
    assert CodingConfig.load().error_risk.enabled
