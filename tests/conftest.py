"""Shared fixtures: repository paths, databases and the app under test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "synthetic"
SHARED = Path(os.environ.get("TRIAGE_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED} (set TRIAGE_SHARED_DIR)")
    return SHARED


PG_BASE = os.environ.get(
    "TRIAGE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_available() -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_BASE, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _fresh_pg_schema() -> tuple[str, str]:
    """A new empty schema; returns (url with search_path, schema name)."""
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_BASE)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in PG_BASE else "?"
    return f"{PG_BASE}{sep}options=-csearch_path%3D{schema}", schema


def _drop_pg_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_BASE)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty, migrated-on-demand database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'triage.db'}"
        return
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable in CI")
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    url, schema = _fresh_pg_schema()
    try:
        yield url
    finally:
        _drop_pg_schema(schema)


@pytest.fixture
def database(db_url):
    """A migrated Database on each backend."""
    from triage.store.db import Database, upgrade

    upgrade(db_url)
    db = Database(db_url)
    yield db
    db.dispose()


# --- The service under test: real pipelines, real databases -------------------------

MODEL_REGISTRY = Path(
    os.environ.get("TRIAGE_TEST_MODEL_REGISTRY", REPO / "var" / "models" / "coding")
)


@pytest.fixture(scope="session")
def processor():
    """The real de-identification + coding pipeline, loaded once per session.

    Uses the default model `make` builds in var/models/coding.
    """
    from triage.models.registry import ModelRegistry
    from triage.pipelines.deidentify import Deidentifier
    from triage.pipelines.process import ActiveModel, Processor

    registry = ModelRegistry(MODEL_REGISTRY)
    if registry.active_version() is None:
        pytest.fail(f"no active model in {MODEL_REGISTRY}: run `make models` first")
    proc = Processor(
        Deidentifier.from_config(), ActiveModel(registry, reload_seconds=0)
    )
    proc.model.get()
    return proc


@pytest.fixture
def app(db_url, processor, tmp_path):
    """A fresh app on an empty, migrated database (SQLite and PostgreSQL)."""
    from triage.store.db import upgrade
    from triage.web.app import create_app

    upgrade(db_url)
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "MODEL_REGISTRY": str(MODEL_REGISTRY),
            "SECRET_KEY": "test-secret-" + "s" * 32,
            "NARRATIVE_KEY": "test-narrative-" + "n" * 32,
            "REDIS_URL": os.environ.get(
                "TRIAGE_TEST_REDIS", "redis://127.0.0.1:6379/15"
            ),
            "MODEL_RELOAD_SECONDS": 0,
            # No random blind second reviews: the draw depends on the (random) report
            # id, so at the default rate a reviewed report stayed queued in one run
            # out of ten. Tests of second reviews set the rate or the state.
            "REVIEW_SECOND_RATE": 0.0,
        },
        processor=processor,
    )
    yield application
    application.extensions["triage"].db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_key(app):
    """make_key(role, facility=None) -> bearer headers for a new API client."""
    from sqlalchemy import select

    from triage.auth.api_keys import create_client
    from triage.store.models import Facility

    db = app.extensions["triage"].db

    def _make(role: str, facility: str | None = None) -> dict[str, str]:
        with db.session() as s:
            if (
                facility
                and s.scalar(select(Facility).where(Facility.code == facility)) is None
            ):
                s.add(Facility(code=facility, name=f"Facility {facility}"))
                s.flush()
            _, key = create_client(
                s, f"{role}-test", role, facility if role == "submitter" else None
            )
        return {"Authorization": f"Bearer {key}"}

    return _make
