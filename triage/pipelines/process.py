"""The whole path for raw narratives: de-identify, then code with the active model.

The active model is re-read from the registry when its pointer changes (checked at
most every `reload_seconds`), so promotion and rollback reach a running service and
its workers without a restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from triage.errors import ModelError
from triage.models.coder import Coder, Coding
from triage.models.registry import ModelRegistry
from triage.pipelines.deidentify import Deidentifier, Redaction


@dataclass(frozen=True)
class Processed:
    """A narrative's redaction and coding (the raw text is not kept)."""

    redaction: Redaction
    coding: Coding


class ActiveModel:
    """The registry's active coder, swapped in when the ACTIVE pointer changes."""

    def __init__(self, registry: ModelRegistry, reload_seconds: float = 5.0):
        self.registry = registry
        self.reload_seconds = reload_seconds
        self._lock = threading.Lock()
        self._coder: Coder | None = None
        self._checked = 0.0

    def get(self) -> Coder:
        """The active coder; loads or swaps it if the pointer moved."""
        now = time.monotonic()
        if self._coder is not None and now - self._checked < self.reload_seconds:
            return self._coder
        with self._lock:
            self._checked = now
            active = self.registry.active_version()
            if active is None:
                raise ModelError("model_not_active", "no model version is active")
            if self._coder is None or self._coder.version != active:
                # Load before swapping: requests keep the old model until the new one
                # verified and loaded.
                self._coder = self.registry.load_active()
            return self._coder

    def refresh(self) -> Coder:
        """Re-read the pointer now (after a promote or rollback in this process)."""
        self._checked = 0.0
        return self.get()


class Processor:
    """De-identification plus coding for batches of raw narratives."""

    def __init__(self, deidentifier: Deidentifier, model: ActiveModel):
        self.deidentifier = deidentifier
        self.model = model
        # spaCy and Presidio objects are not documented as thread-safe, and the work
        # is CPU-bound under the GIL anyway: one batch at a time per process.
        self._lock = threading.Lock()

    @classmethod
    def from_paths(
        cls,
        registry_root: Path,
        deid_config: Path | None = None,
        reload_seconds: float = 5.0,
    ) -> Processor:
        """Build from a model registry folder and a de-identification config."""
        return cls(
            Deidentifier.from_config(deid_config),
            ActiveModel(ModelRegistry(registry_root), reload_seconds),
        )

    def process(self, texts: Sequence[str]) -> list[Processed]:
        """Redact and code texts (validated beforehand), in order."""
        if not texts:
            return []
        coder = self.model.get()
        with self._lock:
            redactions = self.deidentifier.redact_batch(list(texts))
            codings = coder.code_batch([r.redacted_text for r in redactions])
        return [Processed(r, c) for r, c in zip(redactions, codings, strict=True)]
