"""Run and administer the service: serve, worker, db, facilities, clients."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

import click

from triage.cli.service_app import service_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 32),
    help="gunicorn worker processes.",
)
@click.option(
    "--dev", is_flag=True, help="Flask's development server (never in production)."
)
def serve(host: str, port: int, workers: int, dev: bool) -> None:
    """Run the service (gunicorn; Flask's server only with --dev)."""
    app = service_app()  # validates config and migrates before anything starts
    if dev:
        app.run(host=host, port=port, debug=False)
        return
    gunicorn = (
        shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    )
    metrics_dir = tempfile.mkdtemp(prefix="triage-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    args = [
        gunicorn,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--timeout",
        "120",
        "--preload",
        "triage.web.wsgi:app",
    ]
    click.echo(f"serving on http://{host}:{port} with {workers} workers", err=True)
    os.execv(gunicorn, args)


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations to the configured database."""
    service_app()
    click.echo("database is at the latest schema")


@click.group()
def facilities() -> None:
    """Reporting facilities."""


@facilities.command("create")
@click.option("--code", required=True, help="Short stable code, e.g. F001.")
@click.option("--name", required=True, help="Facility name (kept for operations only).")
def facilities_create(code: str, name: str) -> None:
    """Register a facility."""
    from sqlalchemy.exc import IntegrityError

    from triage.store.models import AuditEvent, Facility

    app = service_app()
    try:
        with app.extensions["triage"].db.session() as s:
            s.add(Facility(code=code, name=name))
            s.add(
                AuditEvent(
                    actor="cli",
                    action="facility.created",
                    entity="facility",
                    entity_id=code,
                    details={},
                )
            )
    except IntegrityError as exc:
        raise click.ClickException(f"a facility with code {code} exists") from exc
    click.echo(f"facility {code} created")


@facilities.command("list")
def facilities_list() -> None:
    """List facilities."""
    from sqlalchemy import select

    from triage.store.models import Facility

    with service_app().extensions["triage"].db.session() as s:
        for f in s.scalars(select(Facility).order_by(Facility.code)):
            click.echo(f"{f.code}\t{f.name}")


@click.group()
def clients() -> None:
    """API keys for machine clients."""


@clients.command("create")
@click.option(
    "--role", required=True, type=click.Choice(["submitter", "analyst", "ml", "admin"])
)
@click.option("--facility", default=None, help="Facility code (submitters only).")
@click.option("--name", default=None, help="A label for the client.")
def clients_create(role: str, facility: str | None, name: str | None) -> None:
    """Create a key; it is printed once, alone on the last line."""
    from triage.auth.api_keys import create_client
    from triage.errors import TriageError
    from triage.store.models import AuditEvent

    app = service_app()
    try:
        with app.extensions["triage"].db.session() as s:
            client, key = create_client(s, name or f"{role}-client", role, facility)
            s.add(
                AuditEvent(
                    actor="cli",
                    action="client.created",
                    entity="api_client",
                    entity_id=str(client.id),
                    details={"role": role},
                )
            )
            cid = client.id
    except TriageError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"client {cid} ({role}) created; store this key now, it is not shown again:"
    )
    click.echo(key)


@clients.command("revoke")
@click.argument("client_id", type=int)
def clients_revoke(client_id: int) -> None:
    """Revoke a client's key."""
    from triage.auth.api_keys import revoke_client
    from triage.errors import TriageError
    from triage.store.models import AuditEvent

    try:
        with service_app().extensions["triage"].db.session() as s:
            revoke_client(s, client_id)
            s.add(
                AuditEvent(
                    actor="cli",
                    action="client.revoked",
                    entity="api_client",
                    entity_id=str(client_id),
                    details={},
                )
            )
    except TriageError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"client {client_id} revoked")


@clients.command("list")
def clients_list() -> None:
    """List clients (never their keys)."""
    from sqlalchemy import select

    from triage.store.models import ApiClient

    with service_app().extensions["triage"].db.session() as s:
        for c in s.scalars(select(ApiClient).order_by(ApiClient.id)):
            state = "revoked" if c.revoked_at else "active"
            click.echo(f"{c.id}\t{c.role}\t{c.name}\tpt_{c.key_prefix}_…\t{state}")


@click.command()
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
@click.option(
    "--queues",
    type=click.Choice(["all", "intake", "training"]),
    default="all",
    show_default=True,
    help="Which queues to serve; run a separate training worker so a retrain "
    "never delays intake.",
)
def worker(burst: bool, queues: str) -> None:
    """Process queued jobs (RQ worker on TRIAGE_REDIS_URL)."""
    from rq import Queue, SimpleWorker

    from triage.jobs import training_jobs
    from triage.jobs.intake_jobs import QUEUE_NAME, JobQueue, bind_worker, purge_expired

    app = service_app()
    rt = app.extensions["triage"]
    if rt.redis is None:
        raise click.ClickException("set TRIAGE_REDIS_URL to run a worker")
    names = []
    if queues in ("all", "intake"):
        # Load the pipeline once; SimpleWorker runs jobs in this process so every
        # job reuses it (a forking worker would reload models per job).
        bind_worker(rt.db, rt.settings, rt.processor)
        rt.processor.model.get()
        purged = purge_expired(rt.db)
        resumed = JobQueue(rt.db, rt.settings, rt.redis).recover()
        click.echo(
            f"intake: resumed {len(resumed)} job(s), purged {purged} expired item(s)",
            err=True,
        )
        names.append(QUEUE_NAME)
    if queues in ("all", "training"):
        training_jobs.bind_worker(rt.db, rt.settings)
        names.append(training_jobs.TRAINING_QUEUE)
    click.echo(f"worker ready on {', '.join(names)}", err=True)
    SimpleWorker(
        [Queue(name, connection=rt.redis) for name in names], connection=rt.redis
    ).work(burst=burst, with_scheduler=False)
