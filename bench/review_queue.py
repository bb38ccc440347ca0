"""Benchmark review routing: how many wrongly coded reports the queue catches, and load.

``python -m bench.review_queue [--model DIR | --registry DIR] [--corpus DIR]
[--redaction deid|gold] [--sweep]``

Runs the service's path on the corpus test split: de-identify (or redact from the gold
spans with ``--redaction gold``), code with the model, route with the default
thresholds and QC rate from triage/config.py. A report is "wrong" when its predicted
harm or event type differs from gold. Prints the catch rate (wrong reports queued /
wrong reports) and the queue share (queued / all) against the issue's targets: catch
>= 95% while queueing <= 35%.

``--sweep`` searches thresholds on the **dev** split (never on test) for the smallest
queue that still catches >= 95%, and prints the best settings with their test figures.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from triage.config import ReviewThresholds, Settings
from triage.corpus.records import Record, read_jsonl
from triage.models.coder import Coder, Coding
from triage.models.gold import redact_gold
from triage.models.registry import ModelRegistry, default_root
from triage.review.routing import CodeSummary, route

TARGET_CATCH = 0.95
TARGET_SHARE = 0.35


@dataclass(frozen=True)
class Case:
    """One coded record: its routing inputs and whether the model got it wrong."""

    key: str
    codes: CodeSummary
    flags: tuple[str, ...]
    wrong: bool
    wrong_harm: bool
    wrong_type: bool


def split(corpus: Path, name: str) -> list[Record]:
    """A written split of the corpus, or the same split assembled in memory."""
    path = corpus / f"{name}.jsonl"
    if path.is_file():
        return list(read_jsonl(path))
    from triage.corpus.build import CorpusConfig, assemble

    return assemble(CorpusConfig.load(corpus))[name]


def code_records(coder: Coder, records: Sequence[Record], redaction: str) -> list[Case]:
    """Redact, code and compare with gold."""
    if redaction == "deid":
        from triage.pipelines.deidentify import Deidentifier

        redactions = Deidentifier.from_config().redact_batch([r.text for r in records])
        texts = [r.redacted_text for r in redactions]
        flags = [tuple(r.flags) for r in redactions]
    else:
        texts = [redact_gold(r) for r in records]
        flags = [() for _ in records]
    codings: list[Coding] = []
    for i in range(0, len(texts), 256):
        codings.extend(coder.code_batch(texts[i : i + 256]))
    cases = []
    for rec, c, fl in zip(records, codings, flags, strict=True):
        summary = CodeSummary(
            c.event_type.code,
            c.event_type.probability,
            c.event_kind.code,
            c.event_kind.probability,
            c.harm.code,
            c.harm.probability,
            dict(c.factor_probabilities),
        )
        wrong_harm = c.harm.code != rec.harm
        wrong_type = c.event_type.code != rec.event_type
        cases.append(
            Case(rec.id, summary, fl, wrong_harm or wrong_type, wrong_harm, wrong_type)
        )
    return cases


def measure(
    cases: Sequence[Case], thresholds: ReviewThresholds, qc_rate: float
) -> dict[str, Any]:
    """Catch rate and queue share of routing the cases."""
    decisions = [route(c.codes, c.flags, thresholds, qc_rate, c.key) for c in cases]
    wrong = [c.wrong for c in cases]
    queued = [d.queued for d in decisions]
    n_wrong = sum(wrong)
    caught = sum(w and q for w, q in zip(wrong, queued, strict=True))
    reasons: Counter[str] = Counter(r for d in decisions for r in d.reasons)
    return {
        "n": len(cases),
        "wrong": n_wrong,
        "wrong_harm": sum(c.wrong_harm for c in cases),
        "wrong_event_type": sum(c.wrong_type for c in cases),
        "queued": sum(queued),
        "caught": caught,
        "catch_rate": caught / n_wrong if n_wrong else 1.0,
        "queue_share": sum(queued) / len(cases) if cases else 0.0,
        "reasons": dict(reasons),
        "missed": [
            c.key for c, q in zip(cases, queued, strict=True) if c.wrong and not q
        ],
    }


def sweep(
    cases: Sequence[Case], qc_rate: float
) -> tuple[
    list[tuple[ReviewThresholds, dict[str, Any]]],
    list[tuple[ReviewThresholds, dict[str, Any]]],
]:
    """Settings reaching the catch target (smallest queue first), and settings within
    the queue budget (highest catch first)."""
    grid = [round(x * 0.05, 2) for x in range(4, 20)]
    catching, within = [], []
    for et, ek, hm in itertools.product(grid, grid, grid):
        t = ReviewThresholds(event_type=et, event_kind=ek, harm=hm, factors=0.0)
        m = measure(cases, t, qc_rate)
        if m["catch_rate"] >= TARGET_CATCH:
            catching.append((t, m))
        if m["queue_share"] <= TARGET_SHARE:
            within.append((t, m))
    catching.sort(key=lambda x: (x[1]["queue_share"], -x[1]["catch_rate"]))
    within.sort(key=lambda x: (-x[1]["catch_rate"], x[1]["queue_share"]))
    return catching, within


def _line(label: str, m: dict[str, Any]) -> str:
    return (
        f"{label:<26}{m['n']:>6}{m['wrong']:>7}{m['caught']:>8}"
        f"{m['catch_rate']:>9.1%}{m['queued']:>8}{m['queue_share']:>9.1%}"
    )


@click.command()
@click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--registry", "registry_root", type=click.Path(path_type=Path))
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("corpora/synthetic"),
    show_default=True,
)
@click.option(
    "--redaction",
    type=click.Choice(["deid", "gold"]),
    default="deid",
    show_default=True,
    help="deid: the service's de-identifier; gold: redact from gold spans (faster).",
)
@click.option("--sweep", "do_sweep", is_flag=True, help="Tune thresholds on dev.")
def main(
    model_dir: Path | None,
    registry_root: Path | None,
    corpus: Path,
    redaction: str,
    do_sweep: bool,
) -> None:
    """Catch rate and queue share of the default review routing on the test split."""
    coder = (
        Coder.load(model_dir)
        if model_dir
        else ModelRegistry(registry_root or default_root()).load_active()
    )
    thresholds = ReviewThresholds()
    qc_rate = float(Settings.model_fields["REVIEW_QC_RATE"].default)
    started = time.perf_counter()
    test_cases = code_records(coder, split(corpus, "test"), redaction)
    click.echo(
        f"model {coder.version}; redaction {redaction}; "
        f"coded {len(test_cases)} test records in {time.perf_counter() - started:.1f}s"
    )
    click.echo(
        f"thresholds event_type={thresholds.event_type} "
        f"event_kind={thresholds.event_kind} harm={thresholds.harm} "
        f"factors={thresholds.factors}; QC rate {qc_rate}"
    )
    click.echo(
        f"{'routing':<26}{'n':>6}{'wrong':>7}{'caught':>8}{'catch':>9}"
        f"{'queued':>8}{'share':>9}"
    )
    m = measure(test_cases, thresholds, qc_rate)
    click.echo(_line("default (test)", m))
    click.echo(f"reasons: {m['reasons']}")
    click.echo(
        f"wrong harm {m['wrong_harm']}, wrong event type {m['wrong_event_type']}; "
        f"missed {len(m['missed'])}: {', '.join(m['missed'][:10])}"
    )
    ok = m["catch_rate"] >= TARGET_CATCH and m["queue_share"] <= TARGET_SHARE
    click.echo(
        f"target catch >= {TARGET_CATCH:.0%} with queue <= {TARGET_SHARE:.0%}: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    if do_sweep:
        dev_cases = code_records(coder, split(corpus, "dev"), redaction)
        catching, within = sweep(dev_cases, qc_rate)
        for title, best in (
            (f"sweep on dev: catch >= {TARGET_CATCH:.0%}, smallest queue", catching),
            (f"sweep on dev: queue <= {TARGET_SHARE:.0%}, highest catch", within),
        ):
            click.echo(title + ("" if best else ": none"))
            for t, dm in best[:3]:
                tm = measure(test_cases, t, qc_rate)
                label = f"et={t.event_type} ek={t.event_kind} h={t.harm}"
                click.echo(_line(label + " dev", dm))
                click.echo(_line(label + " test", tm))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
