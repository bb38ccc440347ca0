"""The model registry: register, promote, rollback, the ACTIVE pointer, verification."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_models_support import copy_model, tiny_model_dir

from triage.errors import ModelError
from triage.models.registry import ModelRegistry


def second_version(tmp_path: Path) -> Path:
    """The tiny model under a different version id (same artifacts, new manifest)."""
    model = copy_model(tmp_path / "second")
    manifest = json.loads((model / "manifest.json").read_text())
    manifest["version"] = manifest["version"] + "-b"
    manifest["created"] = "2999-01-01T00:00:00+00:00"
    (model / "manifest.json").write_text(json.dumps(manifest))
    return model


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "registry")


def test_empty_registry(registry: ModelRegistry) -> None:
    assert registry.versions() == []
    assert registry.active_version() is None
    with pytest.raises(ModelError) as exc:
        registry.load_active()
    assert exc.value.code == "model_none_active"
    with pytest.raises(ModelError):
        registry.rollback()


def test_register_promote_rollback(registry: ModelRegistry, tmp_path: Path) -> None:
    v1 = registry.register(tiny_model_dir())
    assert registry.register(tiny_model_dir()) == v1  # idempotent
    assert registry.active_version() is None  # registering does not activate
    registry.promote(v1)
    assert registry.active_version() == v1
    assert (registry.root / "ACTIVE").read_text().strip() == v1

    v2 = registry.register(second_version(tmp_path))
    assert [v.version for v in registry.versions()] == [v1, v2]
    registry.promote(v2)
    assert registry.active_version() == v2
    assert [v.version for v in registry.versions() if v.active] == [v2]
    assert registry.load_active().version == v2

    assert registry.rollback() == v1
    assert registry.active_version() == v1
    with pytest.raises(ModelError) as exc:
        registry.rollback()
    assert exc.value.code == "model_no_previous"


def test_promote_unknown_or_bad_version(registry: ModelRegistry) -> None:
    for bad in ("nope", "../escape", ""):
        with pytest.raises(ModelError):
            registry.promote(bad)


def test_register_refuses_a_tampered_model(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    model = copy_model(tmp_path)
    with (model / "event_type.skops").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError) as exc:
        registry.register(model)
    assert exc.value.code == "model_tampered"
    assert registry.versions() == []


def test_promote_refuses_a_version_tampered_after_registration(
    registry: ModelRegistry,
) -> None:
    v1 = registry.register(tiny_model_dir())
    (registry.versions_dir / v1 / "harm.skops").write_bytes(b"")
    with pytest.raises(ModelError):
        registry.promote(v1)
    assert registry.active_version() is None


def test_same_version_different_content_conflicts(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    registry.register(tiny_model_dir())
    model = copy_model(tmp_path)
    manifest = json.loads((model / "manifest.json").read_text())
    # a consistent model directory whose harm artifact differs under the same version
    shutil.copy(tiny_model_dir() / "event_type.skops", model / "harm.skops")
    manifest["artifacts"]["harm.skops"] = manifest["artifacts"]["event_type.skops"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError) as exc:
        registry.register(model)
    assert exc.value.code == "model_version_conflict"
