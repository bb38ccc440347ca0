"""WSGI entry point for gunicorn: `triage.web.wsgi:app`."""

from triage.web.app import create_app

app = create_app()
