"""API benchmark: the real service under gunicorn on loopback.

Concurrent clients for a bounded time, then batch and job throughput, then an
exactly-once check.

    python bench/api.py [--seconds 60] [--clients 4] [--workers 2] [--job 500]

Prints a table. Traffic goes to 127.0.0.1 only and every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # type: ignore[no-any-return]


def _narratives() -> list[str]:
    path = REPO / "corpora" / "synthetic" / "test.jsonl"
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


def _request(
    url: str, key: str, body: bytes, ctype: str = "application/json"
) -> tuple[int, bytes, float]:
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": ctype},
    )
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read(), time.perf_counter() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - t0


def _get(url: str, key: str | None = None) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=30
        ) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, ConnectionError):
        return 0, b""


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--batches", type=int, default=5)
    ap.add_argument("--job", type=int, default=500)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()

    texts = _narratives()
    tmp = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    env = {
        **os.environ,
        "TRIAGE_INSTANCE_PATH": str(tmp),
        "TRIAGE_DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'bench.db'}",
        "TRIAGE_REDIS_URL": "redis://127.0.0.1:6379/14",
        "TRIAGE_MODEL_REGISTRY": str(REPO / "var" / "models" / "coding"),
        "TRIAGE_LOG_LEVEL": "WARNING",
    }
    triage = str(BIN / "triage")
    subprocess.run([triage, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [triage, "facilities", "create", "--code", "BENCH", "--name", "Bench"],
        env=env,
        check=True,
        capture_output=True,
    )
    key = (
        subprocess.run(
            [triage, "clients", "create", "--role", "submitter", "--facility", "BENCH"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import redis

    redis.Redis.from_url(env["TRIAGE_REDIS_URL"]).flushdb()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [triage, "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows: list[tuple[str, str]] = []
    try:
        deadline = time.monotonic() + 120
        while _get(base + "/readyz")[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                print("service did not become ready", file=sys.stderr)
                return 1
            time.sleep(0.5)

        # Phase 1: single submissions from concurrent clients, bounded in time.
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        submitted: set[str] = set()
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(cid: int) -> None:
            i = 0
            while time.monotonic() < stop_at:
                ext = f"single-{cid}-{i}"
                body = json.dumps(
                    {
                        "external_id": ext,
                        "narrative": texts[(cid * 7919 + i) % len(texts)],
                    }
                )
                status, _, dt = _request(base + "/api/v1/reports", key, body.encode())
                with lock:
                    latencies.append(dt)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status in (200, 201):
                        submitted.add(ext)
                i += 1

        threads = [
            threading.Thread(target=client, args=(c,)) for c in range(args.clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        n5xx = sum(v for k, v in statuses.items() if k >= 500 or k == 0)
        rows += [
            ("single: requests", str(len(latencies))),
            ("single: requests/s", f"{len(latencies) / elapsed:.1f}"),
            (
                "single: p50 / p95 / p99 ms",
                " / ".join(f"{_pct(latencies, p) * 1000:.0f}" for p in (50, 95, 99)),
            ),
            ("single: status counts", json.dumps(dict(sorted(statuses.items())))),
            ("single: 5xx or dropped", str(n5xx)),
        ]

        # Phase 2: batches.
        t0 = time.perf_counter()
        batch_ok = 0
        for b in range(args.batches):
            items = [
                {
                    "external_id": f"batch-{b}-{i}",
                    "narrative": texts[(b * args.batch + i) % len(texts)],
                }
                for i in range(args.batch)
            ]
            status, body, _ = _request(
                base + "/api/v1/reports/batch",
                key,
                json.dumps({"reports": items}).encode(),
            )
            if status == 200:
                for r in json.loads(body)["results"]:
                    if r["status"] in (200, 201):
                        submitted.add(r["report"]["external_id"])
                        batch_ok += 1
        dt = time.perf_counter() - t0
        rows.append(
            (
                f"batch: narratives/s ({args.batches}x{args.batch})",
                f"{batch_ok / dt:.1f}",
            )
        )

        # Phase 3: a job processed by one worker.
        worker = subprocess.Popen(
            [triage, "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            lines = [
                json.dumps(
                    {"external_id": f"job-{i}", "narrative": texts[i % len(texts)]}
                )
                for i in range(args.job)
            ]
            t0 = time.perf_counter()
            status, body, _ = _request(
                base + "/api/v1/jobs",
                key,
                ("\n".join(lines) + "\n").encode(),
                "application/x-ndjson",
            )
            job_id = json.loads(body)["id"]
            job: dict = {}
            while time.perf_counter() - t0 < 900:
                job = json.loads(_get(f"{base}/api/v1/jobs/{job_id}", key)[1])
                if job["status"] == "finished":
                    break
                time.sleep(0.5)
            dt = time.perf_counter() - t0
            rows.append(
                (
                    f"job: narratives/s ({args.job}, 1 worker)",
                    f"{job.get('done', 0) / dt:.1f}",
                )
            )
            submitted.update(f"job-{i}" for i in range(args.job))
        finally:
            worker.terminate()
            worker.wait(timeout=30)

        # Exactly once: every accepted external id is stored once, nothing else is.
        from sqlalchemy import create_engine, text

        engine = create_engine(env["TRIAGE_DATABASE_URL"])
        with engine.connect() as conn:
            total = conn.execute(text("SELECT count(*) FROM reports")).scalar()
            distinct = conn.execute(
                text("SELECT count(DISTINCT external_id) FROM reports")
            ).scalar()
            ids = {r[0] for r in conn.execute(text("SELECT external_id FROM reports"))}
        rows += [
            ("stored reports / distinct ids", f"{total} / {distinct}"),
            ("accepted but missing", str(len(submitted - ids))),
            ("stored but never accepted", str(len(ids - submitted))),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)

    width = max(len(k) for k, _ in rows)
    print(f"{'metric':<{width}}  value")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print(
        f"(clients={args.clients}, gunicorn workers={args.workers}, "
        f"seconds={args.seconds}, "
        f"cpus={os.cpu_count()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
