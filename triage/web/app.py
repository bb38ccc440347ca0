"""The application factory: layered config, validated; one blueprint per area."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from triage.config import defaults, validate
from triage.store.db import Database
from triage.web.runtime import Runtime


def create_app(
    test_config: dict[str, Any] | None = None, *, processor: Any = None
) -> Flask:
    """Build the app: defaults < instance/triage.cfg < TRIAGE_* env < test_config.

    `processor` lets tests share one loaded pipeline across apps.
    """
    instance = Path(
        os.environ.get("TRIAGE_INSTANCE_PATH", Path.cwd() / "instance")
    ).resolve()
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.from_mapping(defaults(instance))
    app.config.from_pyfile("triage.cfg", silent=True)
    app.config.from_prefixed_env("TRIAGE")
    if test_config:
        app.config.from_mapping(test_config)
    settings = validate(dict(app.config), instance)
    app.config["MAX_CONTENT_LENGTH"] = settings.MAX_CONTENT_LENGTH
    app.config["SECRET_KEY"] = settings.SECRET_KEY
    app.json.sort_keys = False  # type: ignore[attr-defined]

    rt = Runtime(settings=settings, db=Database(settings.DATABASE_URL))
    if processor is not None:
        rt._processor = processor
    app.extensions["triage"] = rt

    from triage.web import (
        aggregates,
        errors,
        health,
        jobs,
        models_api,
        observability,
        openapi,
        reports,
        review,
        ui,
    )

    observability.init_app(app)
    errors.register(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(aggregates.bp)
    app.register_blueprint(models_api.bp)
    app.register_blueprint(ui.bp)
    return app
