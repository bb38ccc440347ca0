"""Apps, keys and model registries for the review, aggregate, model-API and journey
tests (helpers imported by those modules; not a test module itself).

Every app runs on the test's database (SQLite or PostgreSQL via `db_url`) with its own
model registry in tmp_path, so promotions never touch var/models. Apps that code
narratives share the session's de-identifier (conftest `processor`) and get their own
ActiveModel on that registry.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select
from test_models_support import tiny_config, tiny_data_dir, tiny_model_dir

from triage.auth.api_keys import create_client
from triage.corpus.records import read_jsonl, write_jsonl
from triage.models.registry import ModelRegistry
from triage.pipelines.process import ActiveModel, Processor
from triage.store.db import upgrade
from triage.store.models import Facility
from triage.web.app import create_app

TEST_REDIS = os.environ.get("TRIAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")
Headers = dict[str, str]


def make_app(
    db_url: str,
    registry: Path,
    processor: Any = None,
    **overrides: Any,
) -> Flask:
    """An app on a migrated database and the given model registry."""
    upgrade(db_url)
    config = {
        "TESTING": True,
        "DATABASE_URL": db_url,
        "MODEL_REGISTRY": str(registry),
        "SECRET_KEY": "test-secret-" + "s" * 32,
        "NARRATIVE_KEY": "test-narrative-" + "n" * 32,
        "REDIS_URL": TEST_REDIS,
        "MODEL_RELOAD_SECONDS": 0,
        # Retraining jobs train on the tiny corpus; generated augmentation would
        # swamp it (and take a minute).
        "TRAINING_CONFIG": str(tiny_config()),
        **overrides,
    }
    return create_app(config, processor=processor)


def app_lifetime(app: Flask) -> Iterator[Flask]:
    """Yield the app, then close its database connections."""
    yield app
    app.extensions["triage"].db.dispose()


def key_maker(app: Flask) -> Callable[..., Headers]:
    """keys(role, facility=None, name=None) -> bearer headers for a new API client."""
    db = app.extensions["triage"].db

    def make(
        role: str, facility: str | None = None, name: str | None = None
    ) -> Headers:
        with db.session() as s:
            if (
                facility
                and s.scalar(select(Facility).where(Facility.code == facility)) is None
            ):
                s.add(Facility(code=facility, name=f"Facility {facility}"))
                s.flush()
            _, key = create_client(
                s,
                name or f"{role}-test",
                role,
                facility if role == "submitter" else None,
            )
        return {"Authorization": f"Bearer {key}"}

    return make


def registry_with(root: Path, *model_dirs: Path) -> tuple[ModelRegistry, list[str]]:
    """A registry holding model_dirs (in order), the first one active."""
    registry = ModelRegistry(root)
    versions = [registry.register(d) for d in model_dirs]
    if versions:
        registry.promote(versions[0])
    return registry, versions


def processor_on(registry: ModelRegistry, shared: Processor) -> Processor:
    """A pipeline with the shared de-identifier and this registry's active model."""
    return Processor(shared.deidentifier, ActiveModel(registry, reload_seconds=0))


@cache
def weak_model_dir() -> Path:
    """A model trained on a sliver of the tiny data: reliably worse than tiny."""
    from training.train_coding import train

    folder = Path(tempfile.mkdtemp(prefix="triage-weak-model-"))
    atexit.register(shutil.rmtree, folder, True)
    data = folder / "data"
    for name, n in (("train", 60), ("dev", 40)):
        records = list(read_jsonl(tiny_data_dir() / f"{name}.jsonl"))
        write_jsonl(data / f"{name}.jsonl", records[::4][:n])
    train(data, folder / "model", tiny_config())
    return folder / "model"


def tiny_model() -> Path:
    """The session's tiny model directory (trained once)."""
    return tiny_model_dir()


def tiny_corpus() -> Path:
    """The tiny corpus folder (train/dev/test.jsonl)."""
    return tiny_data_dir()
