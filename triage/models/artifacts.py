"""A model directory on disk: skops artifacts, the manifest, and hash verification.

Layout of a model directory::

    manifest.json        version, created, training-data fingerprint, config,
                         metrics, sha256 of every artifact
    vectorizer.skops     triage.pipelines.features.NarrativeVectorizer
    event_type.skops     triage.models.linear.CalibratedLinearClassifier
    event_kind.skops     ...
    harm.skops           triage.models.ordinal.OrdinalHarmClassifier
    factors.skops        triage.models.multilabel.ThresholdedMultiLabelClassifier
    error_risk.skops     triage.models.error_risk.ErrorRiskClassifier (optional:
                         models trained before it have none)

skops loads only types it is told to trust. The allow-list is code (TRUSTED_PREFIXES),
never read from the model directory, and the sha256 check runs first, so a tampered
or foreign artifact is refused before anything in it is built.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from triage.errors import ModelError

MANIFEST = "manifest.json"
FORMAT = 1
ARTIFACTS: tuple[str, ...] = (
    "vectorizer",
    "event_type",
    "event_kind",
    "harm",
    "factors",
)
OPTIONAL_ARTIFACTS: tuple[str, ...] = ("error_risk",)
TRUSTED_PREFIXES: tuple[str, ...] = (
    "triage.pipelines.features.",
    "triage.models.linear.",
    "triage.models.ordinal.",
    "triage.models.multilabel.",
    "triage.models.error_risk.",
    "sklearn.",
    "numpy.",
    "scipy.sparse.",
    "builtins.",
)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_artifact(obj: Any, path: Path) -> str:
    """Persist one estimator with skops (compressed); returns its sha256."""
    import skops.io as sio

    sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    return sha256_file(path)


def load_artifact(path: Path) -> Any:
    """Load one skops artifact, trusting only the project's allow-listed types."""
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:
        raise ModelError(
            "model_corrupt", f"{path.name} is not a readable skops file"
        ) from exc
    foreign = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
    if foreign:
        raise ModelError(
            "model_untrusted",
            f"{path.name} holds types outside the allow-list: {foreign[:3]}",
        )
    try:
        return sio.load(path, trusted=untrusted)
    except Exception as exc:
        raise ModelError("model_corrupt", f"{path.name} could not be loaded") from exc


def read_manifest(model_dir: Path) -> dict[str, Any]:
    """The manifest of a model directory (ModelError if absent or malformed)."""
    path = model_dir / MANIFEST
    if not path.is_file():
        raise ModelError(
            "model_missing", f"no {MANIFEST} in model directory {model_dir}"
        )
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError("model_corrupt", f"{MANIFEST} is not valid JSON") from exc
    for key in ("format", "version", "created", "artifacts", "training_data", "config"):
        if key not in manifest:
            raise ModelError("model_incomplete", f"{MANIFEST} lacks {key!r}")
    if manifest["format"] != FORMAT:
        raise ModelError(
            "model_incompatible", f"model format {manifest['format']} != {FORMAT}"
        )
    return dict(manifest)


def write_manifest(model_dir: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json (sorted keys, stable bytes for the same content)."""
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False)
    (model_dir / MANIFEST).write_text(text + "\n", encoding="utf-8")


def verify(model_dir: Path) -> dict[str, Any]:
    """Check every artifact is listed, present and unchanged; returns the manifest."""
    manifest = read_manifest(model_dir)
    listed = manifest["artifacts"]
    missing = [name for name in ARTIFACTS if f"{name}.skops" not in listed]
    if missing:
        raise ModelError(
            "model_incomplete", f"manifest lists no artifact for {missing}"
        )
    for filename, expected in sorted(listed.items()):
        path = model_dir / filename
        if not path.is_file():
            raise ModelError("model_incomplete", f"artifact {filename} is missing")
        if sha256_file(path) != expected:
            raise ModelError(
                "model_tampered", f"artifact {filename} does not match its sha256"
            )
    return manifest
