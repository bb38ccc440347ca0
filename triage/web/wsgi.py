"""WSGI entry point for gunicorn: `triage.web.wsgi:app`.

The pipeline is loaded here, before gunicorn forks its workers (`--preload`), so the
models are read and verified once and their memory is shared copy-on-write.
"""

from triage.web.app import create_app

app = create_app()
app.extensions["triage"].processor.model.get()
