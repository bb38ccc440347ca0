"""The configured service app for administration commands, its database migrated."""

from __future__ import annotations

from typing import Any

from flask import Flask


def service_app() -> Flask:
    """The configured app, its database migrated (admin commands may run first)."""
    from triage.store.db import upgrade
    from triage.web.app import create_app

    app = create_app()
    upgrade(app.extensions["triage"].settings.DATABASE_URL)
    return app


def service_runtime() -> Any:
    """The configured app's runtime: settings, database, pipelines."""
    return service_app().extensions["triage"]
