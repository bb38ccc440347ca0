"""Versioned coding models on disk, with exactly one active version.

Layout under the registry root (default ``var/models/coding``)::

    versions/<V>/     a verified model directory (manifest.json + artifacts)
    ACTIVE            one line: the active version id (absent: none active)
    HISTORY           previously active versions, oldest first (for rollback)

The service polls `active_version()` (one small file read) and reloads when it
changes. Pointer files are replaced atomically (write to a temporary file, then
os.replace), so a reader sees the old or the new version, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triage.errors import ModelError
from triage.models import artifacts

if TYPE_CHECKING:  # the coder pulls in spaCy and sklearn; pointer reads must not
    from triage.models.coder import Coder

DEFAULT_ROOT = Path("var/models/coding")
ROOT_ENV = "TRIAGE_MODEL_REGISTRY"


def default_root() -> Path:
    """The registry root: $TRIAGE_MODEL_REGISTRY, else var/models/coding."""
    return Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)


@dataclass(frozen=True)
class ModelVersionInfo:
    """One registered version as `models list` shows it."""

    version: str
    created: str
    active: bool
    training_data: str
    metrics: dict[str, Any]


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ModelRegistry:
    """Register, list, promote and roll back coding model versions under one root."""

    def __init__(self, root: Path):
        self.root = root
        self.versions_dir = root / "versions"
        self.active_file = root / "ACTIVE"
        self.history_file = root / "HISTORY"

    def _dir(self, version: str) -> Path:
        if not version or "/" in version or "\\" in version or version.startswith("."):
            raise ModelError("model_version_invalid", "not a valid version id")
        path = self.versions_dir / version
        if not path.is_dir():
            raise ModelError(
                "model_version_unknown", f"no registered version {version}"
            )
        return path

    def versions(self) -> list[ModelVersionInfo]:
        """Every registered version, oldest first."""
        if not self.versions_dir.is_dir():
            return []
        active = self.active_version()
        out = []
        for path in sorted(p for p in self.versions_dir.iterdir() if p.is_dir()):
            if path.name.startswith("."):
                continue
            manifest = artifacts.read_manifest(path)
            out.append(
                ModelVersionInfo(
                    version=path.name,
                    created=str(manifest["created"]),
                    active=path.name == active,
                    training_data=str(manifest["training_data"].get("sha256", ""))[:12],
                    metrics=dict(manifest.get("metrics", {})),
                )
            )
        return sorted(out, key=lambda v: (v.created, v.version))

    def manifest(self, version: str) -> dict[str, Any]:
        """The manifest of one registered version."""
        return artifacts.read_manifest(self._dir(version))

    def active_version(self) -> str | None:
        """The active version id (a one-line file read; cheap enough to poll)."""
        try:
            text = self.active_file.read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return text or None

    def register(self, model_dir: Path) -> str:
        """Verify a trained model directory and copy it in; returns its version id."""
        manifest = artifacts.verify(model_dir)
        version = str(manifest["version"])
        target = self.versions_dir / version
        if target.exists():
            existing = artifacts.read_manifest(target)
            if existing["artifacts"] != manifest["artifacts"]:
                raise ModelError(
                    "model_version_conflict", f"version {version} differs on disk"
                )
            return version
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=self.versions_dir, prefix=f".{version}."))
        try:
            for name in [artifacts.MANIFEST, *manifest["artifacts"]]:
                shutil.copy2(model_dir / name, staging / name)
            if (model_dir / "metrics.json").is_file():
                shutil.copy2(model_dir / "metrics.json", staging / "metrics.json")
            artifacts.verify(staging)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return version

    def _history(self) -> list[str]:
        if not self.history_file.is_file():
            return []
        return [v for v in self.history_file.read_text("utf-8").split() if v]

    def promote(self, version: str) -> None:
        """Make a registered, verified version the active one."""
        artifacts.verify(self._dir(version))
        current = self.active_version()
        if current == version:
            return
        if current is not None:
            _write_atomic(
                self.history_file, "\n".join([*self._history(), current]) + "\n"
            )
        _write_atomic(self.active_file, version + "\n")

    def rollback(self) -> str:
        """Re-activate the previously active version; returns it."""
        history = self._history()
        while history:
            previous = history.pop()
            if (self.versions_dir / previous).is_dir():
                artifacts.verify(self.versions_dir / previous)
                _write_atomic(self.history_file, "".join(v + "\n" for v in history))
                _write_atomic(self.active_file, previous + "\n")
                return previous
        raise ModelError(
            "model_no_previous", "no previously active version to roll back to"
        )

    def load_active(self) -> Coder:
        """Load (and verify) the active version."""
        from triage.models.coder import Coder

        version = self.active_version()
        if version is None:
            raise ModelError(
                "model_none_active", f"no active model in registry {self.root}"
            )
        return Coder.load(self._dir(version))
