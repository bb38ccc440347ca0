"""Benchmark the web interface: server time of every page with 10,000 reports stored.

``python -m bench.ui_pages [--reports 10000] [--repeat 20] [--postgres URL]``

Builds a fresh database (a temporary SQLite file, or a new schema on the PostgreSQL
server given with --postgres), inserts the reports directly through the ORM (model
codings routed by the real router with the default thresholds, about one in ten
reviewed by an analyst), signs in through the real form and times each page in
process (the Flask test client: server time without a network). Prints median, p95
and max per page against the issue's target (< 300 ms); exits 1 when a page's p95
misses it.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
from sqlalchemy import create_engine, text

from triage import taxonomy
from triage.auth.users import create_user
from triage.config import ReviewThresholds
from triage.models.registry import ModelRegistry, default_root
from triage.review.routing import CodeSummary, route
from triage.store.db import upgrade
from triage.store.models import Coding, Facility, Report, new_id, utcnow
from triage.web.app import create_app

TARGET_MS = 300.0
PASSWORD = "bench password 123"
FACILITIES = 5


@contextmanager
def database(postgres: str | None) -> Iterator[str]:
    """A fresh, empty database URL (dropped afterwards)."""
    if not postgres:
        with tempfile.TemporaryDirectory(prefix="triage-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(postgres)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in postgres else "?"
    try:
        yield f"{postgres}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


def _codes(rng: random.Random, tax: taxonomy.Taxonomy) -> dict[str, Any]:
    kind = rng.choices(tax.codes("event_kind"), weights=(70, 25, 5))[0]
    harm = (
        "no_harm"
        if kind != "incident"
        else rng.choices(tax.codes("harm"), weights=(1, 3, 10, 30, 50, 6))[0]
    )
    return {
        "event_type": rng.choice(tax.codes("event_type")),
        "event_kind": kind,
        "harm": harm,
        "factors": rng.sample(tax.codes("factors"), rng.randint(0, 3)),
        "p": [round(rng.betavariate(8, 1.5), 3) for _ in range(3)],
    }


def seed(app: Any, n: int, seed_value: int = 7) -> None:
    """n coded and routed reports across FACILITIES facilities and 18 months."""
    rng = random.Random(seed_value)
    tax = taxonomy.load()
    rt = app.extensions["triage"]
    thresholds: ReviewThresholds = rt.settings.REVIEW_THRESHOLDS
    today = date.today()
    words = [
        "pt",
        "found",
        "on",
        "floor",
        "med",
        "given",
        "wrong",
        "dose",
        "pump",
        "alarm",
        "staff",
        "notified",
    ]
    with rt.db.session() as s:
        facilities = [
            Facility(code=f"F{i:03d}", name=f"Bench {i}") for i in range(1, 6)
        ]
        s.add_all(facilities)
        s.flush()
        for start in range(0, n, 1000):
            batch = []
            for i in range(start, min(n, start + 1000)):
                c = _codes(rng, tax)
                created = utcnow() - timedelta(minutes=rng.randint(0, 540 * 24 * 60))
                body = " ".join(rng.choices(words, k=60))
                report = Report(
                    id=new_id(),
                    facility_id=rng.choice(facilities).id,
                    external_id=f"bench-{i}",
                    narrative_hmac="0" * 64,
                    redacted_text=f"<PERSON_1> {body} on <DATE_1>.",
                    occurred_on=today - timedelta(days=rng.randint(0, 540)),
                    status="coded",
                    flags=["phi_review"] if rng.random() < 0.03 else [],
                    created_at=created,
                    updated_at=created,
                )
                decision = route(
                    CodeSummary(
                        c["event_type"],
                        c["p"][0],
                        c["event_kind"],
                        c["p"][1],
                        c["harm"],
                        c["p"][2],
                        {f: 0.9 for f in c["factors"]},
                    ),
                    tuple(report.flags),
                    thresholds,
                    rt.settings.REVIEW_QC_RATE,
                    report.id,
                )
                report.review_state = "queued" if decision.queued else "none"
                report.review_reasons = list(decision.reasons)
                report.review_priority = decision.priority
                model = Coding(
                    report_id=report.id,
                    source="model",
                    model_version="bench-model",
                    event_type=c["event_type"],
                    event_kind=c["event_kind"],
                    harm=c["harm"],
                    factors=c["factors"],
                    probabilities={
                        t: {"p": p, "alternatives": [], "evidence": ["floor"]}
                        for t, p in zip(
                            ("event_type", "event_kind", "harm"), c["p"], strict=True
                        )
                    },
                    created_by="submitter:bench",
                    created_at=created,
                )
                batch.append((report, model, decision.queued and rng.random() < 0.3))
            s.add_all([r for r, _, _ in batch])
            s.flush()
            s.add_all([m for _, m, _ in batch])
            s.flush()
            reviews = []
            for report, model, reviewed in batch:
                report.current_coding_id = model.id
                if reviewed:
                    reviews.append(
                        (
                            report,
                            Coding(
                                report_id=report.id,
                                source="analyst",
                                event_type=model.event_type,
                                event_kind=model.event_kind,
                                harm=model.harm,
                                factors=list(model.factors),
                                probabilities={},
                                created_by="analyst:bench",
                                review_round=1,
                                created_at=model.created_at + timedelta(hours=2),
                            ),
                        )
                    )
            s.add_all([c for _, c in reviews])
            s.flush()
            for report, review in reviews:
                report.current_coding_id = review.id
                report.review_state = "reviewed"
            s.flush()
        create_user(s, "bench-admin", PASSWORD, "admin")


def timed(client: Any, path: str, repeat: int) -> list[float]:
    """Milliseconds per GET of path (after one warm-up); every answer must be 200."""
    times = []
    for i in range(repeat + 1):
        t0 = time.perf_counter()
        resp = client.get(path)
        ms = (time.perf_counter() - t0) * 1000
        if resp.status_code != 200:
            raise click.ClickException(f"{path} answered {resp.status_code}")
        if i:
            times.append(ms)
    return times


@click.command()
@click.option("--reports", default=10_000, show_default=True)
@click.option("--repeat", default=20, show_default=True)
@click.option("--postgres", default=None, help="PostgreSQL server URL (else SQLite).")
@click.option("--registry", type=click.Path(path_type=Path), default=None)
def main(
    reports: int, repeat: int, postgres: str | None, registry: Path | None
) -> None:
    """Time every page of the interface with `reports` reports stored."""
    registry = registry or default_root()
    with database(postgres) as url, tempfile.TemporaryDirectory() as instance:
        upgrade(url)
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "MODEL_REGISTRY": str(Path(registry).resolve()),
                "SECRET_KEY": "bench-secret-" + "s" * 32,
                "NARRATIVE_KEY": "bench-narrative-" + "n" * 32,
                "LOG_LEVEL": "WARNING",
            }
        )
        app.instance_path = instance
        t0 = time.perf_counter()
        seed(app, reports)
        click.echo(
            f"{reports} reports stored in {time.perf_counter() - t0:.1f} s "
            f"({app.extensions['triage'].db.engine.dialect.name})",
            err=True,
        )
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/ui/signin").text
        )
        assert token
        signed = client.post(
            "/ui/signin",
            data={
                "username": "bench-admin",
                "password": PASSWORD,
                "csrf_token": token.group(1),
            },
        )
        assert signed.status_code == 302
        top = re.search(r'data-report="([0-9a-f]+)"', client.get("/ui/queue").text)
        assert top, "the queue is empty"
        version = ModelRegistry(Path(registry)).active_version()
        pages = [
            "/ui/signin",
            "/ui/queue",
            "/ui/queue?event_type=fall",
            "/ui/queue?reason=low_confidence&facility=F002",
            "/ui/queue?offset=2000",
            f"/ui/review/{top.group(1)}",
            "/ui/dashboard",
            "/ui/dashboard?facility=F001",
            "/ui/dashboard?from=&to=",
            "/ui/models",
        ]
        if version:
            pages.append(f"/ui/models/{version}/promote")
        rows = []
        for path in pages:
            ms = timed(client, path, repeat)
            p95 = (
                statistics.quantiles(ms, n=20, method="inclusive")[-1]
                if len(ms) > 1
                else ms[0]
            )
            rows.append((path, statistics.median(ms), p95, max(ms)))
    width = max(len(r[0]) for r in rows)
    click.echo(
        f"{'page':<{width}}  median ms    p95 ms    max ms  < {TARGET_MS:.0f} ms"
    )
    for path, med, p95, top_ms in rows:
        ok = "yes" if p95 < TARGET_MS else "NO"
        click.echo(f"{path:<{width}}  {med:9.1f} {p95:9.1f} {top_ms:9.1f}  {ok}")
    sys.exit(0 if all(p95 < TARGET_MS for _, _, p95, _ in rows) else 1)


if __name__ == "__main__":
    main()
