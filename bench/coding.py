"""Benchmark the coder: narratives/second alone and with de-identification; peak memory.

``python -m bench.coding [--model DIR | --registry DIR] [--gold FILE] [--n 1000]``

Classification alone runs on gold-redacted text (what the service passes the coder);
the whole path runs the Deidentifier on the raw text first. "single" codes one
narrative per call; "batch" passes the whole list to `code_batch`/`redact_batch`.
Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from triage.corpus.records import read_jsonl
from triage.models.coder import Coder
from triage.models.gold import redact_gold
from triage.models.registry import ModelRegistry, default_root


def rate(fn: Callable[[], Any], n: int) -> float:
    """Narratives per second of one call of fn over n narratives."""
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def bench(
    coder: Coder, raw: Sequence[str], redacted: Sequence[str], deid: bool
) -> dict:
    """Every measurement, as a dict."""
    coder.code_batch(list(redacted[:20]))  # warm caches
    n_single = min(200, len(redacted))
    out: dict[str, Any] = {
        "narratives": len(redacted),
        "mean_words": sum(len(t.split()) for t in redacted) / max(len(redacted), 1),
        "classify_batch_per_s": rate(
            lambda: coder.code_batch(list(redacted)), len(redacted)
        ),
        "classify_scores_only_batch_per_s": rate(
            lambda: coder.scores(list(redacted)), len(redacted)
        ),
        "classify_single_per_s": rate(
            lambda: [coder.code(t) for t in redacted[:n_single]], n_single
        ),
    }
    if deid:
        from triage.errors import TriageError
        from triage.pipelines.deidentify import Deidentifier

        start = time.perf_counter()
        try:
            d = Deidentifier.from_config()
        except TriageError as exc:
            out["whole_path"] = f"skipped: de-identifier unavailable ({exc.code})"
            out["peak_rss_mb"] = peak_mb()
            return out
        out["deidentifier_load_s"] = time.perf_counter() - start
        d.redact_batch(list(raw[:10]))

        def whole_batch() -> None:
            coder.code_batch([r.redacted_text for r in d.redact_batch(list(raw))])

        def whole_single() -> None:
            for t in raw[:n_single]:
                coder.code(d.redact(t).redacted_text)

        out["whole_path_batch_per_s"] = rate(whole_batch, len(raw))
        out["whole_path_single_per_s"] = rate(whole_single, n_single)
    out["peak_rss_mb"] = peak_mb()
    return out


@click.command()
@click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--registry", "registry_root", type=click.Path(path_type=Path))
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("corpora/synthetic/test.jsonl"),
    show_default=True,
)
@click.option("--n", type=int, default=1000, show_default=True, help="Narratives.")
@click.option("--no-deid", is_flag=True, help="Skip the whole-path measurement.")
def main(
    model_dir: Path | None,
    registry_root: Path | None,
    gold: Path,
    n: int,
    no_deid: bool,
) -> None:
    """Print throughput and peak memory of the coding path as a table."""
    start = time.perf_counter()
    if model_dir:
        coder = Coder.load(model_dir)
    else:
        coder = ModelRegistry(registry_root or default_root()).load_active()
    load_s = time.perf_counter() - start
    records = list(read_jsonl(gold))
    records = (records * (n // max(len(records), 1) + 1))[:n]
    result = {"model_version": coder.version, "model_load_s": load_s}
    result |= bench(
        coder,
        [r.text for r in records],
        [redact_gold(r) for r in records],
        deid=not no_deid,
    )
    width = max(len(k) for k in result)
    click.echo(f"{'measure':<{width}}  value")
    for key, value in result.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        click.echo(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
