"""Load and validate the de-identification YAML config; problems are ConfigErrors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from triage.errors import ConfigError

DEFAULT_PATH = Path(__file__).with_name("deid_config.yaml")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PHI_TYPES = ("PERSON", "DATE", "AGE", "PHONE", "EMAIL", "ID", "LOCATION", "URL", "IP")
BUILD_COMMAND = (
    "python -m training.train_phi_ner --corpus corpora/synthetic"
    " --out var/models/phi_ner"
)


@dataclass(frozen=True)
class DeidConfig:
    """The validated settings the Deidentifier is built from."""

    pretrained_enabled: bool
    pretrained_model: str
    pretrained_scores: dict[str, float]
    trained_enabled: bool
    trained_path: Path
    trained_score: float
    batch_size: int
    n_process: int
    max_chars: int
    score_threshold: float
    entities: tuple[str, ...]
    recognizers: tuple[str, ...]
    allow_list_path: Path
    leak_gate: bool


_KEYS = {
    "": {"version", "nlp", "input", "analysis", "allow_list", "leak_gate"},
    "nlp": {"pretrained", "trained", "batch_size", "n_process"},
    "nlp.pretrained": {"enabled", "model", "scores"},
    "nlp.trained": {"enabled", "path", "score"},
    "input": {"max_chars"},
    "analysis": {"score_threshold", "entities", "recognizers"},
    "leak_gate": {"enabled"},
}


def _section(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    node: Any = data
    for part in dotted.split(".") if dotted else []:
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        raise ConfigError(
            "deid_config_invalid", f"section {dotted or 'top'} must be a mapping"
        )
    unknown = set(node) - _KEYS[dotted]
    missing = _KEYS[dotted] - set(node)
    if unknown or missing:
        raise ConfigError(
            "deid_config_invalid",
            f"section {dotted or 'top'}: unknown keys {sorted(unknown)}, "
            f"missing keys {sorted(missing)}",
        )
    return node


def _typed(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if (
        isinstance(value, bool)
        and kind is not bool
        and bool not in (kind if isinstance(kind, tuple) else (kind,))
    ):
        raise ConfigError("deid_config_invalid", f"{where} has the wrong type")
    if not isinstance(value, kind):
        raise ConfigError("deid_config_invalid", f"{where} has the wrong type")
    return value


def resolve_model_path(raw: str) -> Path:
    """The trained model's directory: env override, absolute, or project-relative."""
    override = os.environ.get("TRIAGE_PHI_NER_PATH")
    path = Path(override or raw)
    return path if path.is_absolute() else PROJECT_ROOT / path


def load(path: Path | None = None) -> DeidConfig:
    """Read and validate a config file (None = the packaged default)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            "deid_config_missing", f"de-id config not found: {path}"
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(
            "deid_config_invalid", f"de-id config is not valid YAML: {path}"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError("deid_config_invalid", "de-id config must be a mapping")
    top = _section(data, "")
    if top["version"] != 1:
        raise ConfigError("deid_config_invalid", "de-id config version must be 1")
    nlp = _section(data, "nlp")
    pre = _section(data, "nlp.pretrained")
    tr = _section(data, "nlp.trained")
    inp = _section(data, "input")
    ana = _section(data, "analysis")
    gate = _section(data, "leak_gate")

    scores = _typed(pre["scores"], dict, "nlp.pretrained.scores")
    for k, v in scores.items():
        if k not in PHI_TYPES or not isinstance(v, int | float) or not 0 <= v <= 1:
            raise ConfigError("deid_config_invalid", "nlp.pretrained.scores: bad entry")
    entities = tuple(_typed(ana["entities"], list, "analysis.entities"))
    if not entities or any(e not in PHI_TYPES for e in entities):
        raise ConfigError(
            "deid_config_invalid", f"analysis.entities must be from {PHI_TYPES}"
        )
    recognizers = tuple(_typed(ana["recognizers"], list, "analysis.recognizers"))
    threshold = float(
        _typed(ana["score_threshold"], (int, float), "analysis.score_threshold")
    )
    if not 0 <= threshold <= 1:
        raise ConfigError(
            "deid_config_invalid", "analysis.score_threshold must be in [0, 1]"
        )
    batch_size = _typed(nlp["batch_size"], int, "nlp.batch_size")
    n_process = _typed(nlp["n_process"], int, "nlp.n_process")
    max_chars = _typed(inp["max_chars"], int, "input.max_chars")
    if batch_size < 1 or n_process < 1 or max_chars < 1:
        raise ConfigError(
            "deid_config_invalid", "batch_size, n_process, max_chars must be >= 1"
        )
    pretrained_enabled = _typed(pre["enabled"], bool, "nlp.pretrained.enabled")
    trained_enabled = _typed(tr["enabled"], bool, "nlp.trained.enabled")
    if not (pretrained_enabled or trained_enabled):
        raise ConfigError(
            "deid_config_invalid", "enable at least one NER (pretrained/trained)"
        )
    allow = Path(_typed(top["allow_list"], str, "allow_list"))
    return DeidConfig(
        pretrained_enabled=pretrained_enabled,
        pretrained_model=_typed(pre["model"], str, "nlp.pretrained.model"),
        pretrained_scores={k: float(v) for k, v in scores.items()},
        trained_enabled=trained_enabled,
        trained_path=resolve_model_path(_typed(tr["path"], str, "nlp.trained.path")),
        trained_score=float(_typed(tr["score"], (int, float), "nlp.trained.score")),
        batch_size=batch_size,
        n_process=n_process,
        max_chars=max_chars,
        score_threshold=threshold,
        entities=entities,
        recognizers=recognizers,
        allow_list_path=allow if allow.is_absolute() else path.parent / allow,
        leak_gate=_typed(gate["enabled"], bool, "leak_gate.enabled"),
    )
