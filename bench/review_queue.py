"""Benchmark review routing: how many wrongly coded reports the queue catches, and load.

``python -m bench.review_queue [--model DIR | --registry DIR] [--corpus DIR]
[--redaction deid|gold] [--sweep [--dev-catch 0.95]]``

Runs the service's path on the corpus test split: de-identify (or redact from the gold
spans with ``--redaction gold``), code with the model, route with the default
thresholds and QC rate from triage/config.py. A report is "wrong" when its predicted
harm or event type differs from gold. Prints the catch rate (wrong reports queued /
wrong reports) and the queue share (queued / all) against the issue's targets: catch
>= 95% while queueing <= 35%.

``--sweep`` searches thresholds on the **dev** split (never on test) for the smallest
queue that still catches ``--dev-catch`` of the wrong reports (the issue's 95% by
default; with about 50 wrong reports per split each is worth 2 points, so ask more for
a margin), and prints the best settings with their test figures.
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
import numpy as np

from triage.config import ReviewThresholds, Settings
from triage.corpus.records import Record, read_jsonl
from triage.models.coder import Coder, Coding
from triage.models.gold import redact_gold
from triage.models.registry import ModelRegistry, default_root
from triage.review.routing import SERIOUS_HARM, CodeSummary, route

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
    handwritten: bool = False


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
        summary = CodeSummary.from_coding(c)
        wrong_harm = c.harm.code != rec.harm
        wrong_type = c.event_type.code != rec.event_type
        cases.append(
            Case(
                rec.id,
                summary,
                fl,
                wrong_harm or wrong_type,
                wrong_harm,
                wrong_type,
                rec.source == "handwritten",
            )
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
    cases: Sequence[Case], qc_rate: float, catch_target: float
) -> tuple[list[ReviewThresholds], list[ReviewThresholds]]:
    """Settings reaching catch_target (smallest queue first), and settings within the
    queue budget (highest catch first).

    Vectorised: the reasons that do not depend on thresholds (severe harm, PHI,
    contradiction, the QC draw) are computed once with route() itself.
    """
    none = ReviewThresholds(
        event_type=0, event_kind=0, harm=0, serious_harm=1, error_risk=1
    )
    fixed = np.array([route(c.codes, c.flags, none, 0.0, c.key).queued for c in cases])
    qc = np.array([route(c.codes, c.flags, none, qc_rate, c.key).queued for c in cases])
    qc &= ~fixed
    p = {
        name: np.array([getattr(c.codes, name) for c in cases])
        for name in ("event_type_p", "event_kind_p", "harm_p", "harm_serious_p")
    }
    # A model without an error-risk estimator never routes on it.
    risk = np.array(
        [-1.0 if c.codes.error_risk is None else c.codes.error_risk for c in cases]
    )
    serious = np.array([c.codes.harm in SERIOUS_HARM for c in cases])
    wrong = np.array([c.wrong for c in cases])
    grid = [0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99]
    risk_grid = [round(x * 0.01, 2) for x in range(1, 31)] + [1.0]
    catching, within = [], []
    for et, ek, hm, sv, er in itertools.product(
        grid, (0.0, 0.8, 0.9, 0.95), grid, (0.05, 0.1, 0.15, 0.2, 0.3, 1.0), risk_grid
    ):
        flagged = (
            fixed
            | (p["event_type_p"] < et)
            | (p["event_kind_p"] < ek)
            | (p["harm_p"] < hm)
            | (~serious & (p["harm_serious_p"] >= sv))
            | (risk >= er)
        )
        queued = flagged | qc
        catch = (queued & wrong).sum() / max(wrong.sum(), 1)
        share = queued.mean()
        t = ReviewThresholds(
            event_type=et,
            event_kind=ek,
            harm=hm,
            factors=0.0,
            serious_harm=sv,
            error_risk=er,
        )
        if catch >= catch_target:
            catching.append((share, -catch, t))
        if share <= TARGET_SHARE:
            within.append((-catch, share, t))
    catching.sort(key=lambda x: x[:2])
    within.sort(key=lambda x: x[:2])
    return [t for *_, t in catching], [t for *_, t in within]


def _line(label: str, m: dict[str, Any]) -> str:
    return (
        f"{label:<44}{m['n']:>6}{m['wrong']:>7}{m['caught']:>8}"
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
@click.option(
    "--dev-catch",
    type=float,
    default=TARGET_CATCH,
    show_default=True,
    help="Catch rate the sweep asks of dev (raise it for a margin on test).",
)
def main(
    model_dir: Path | None,
    registry_root: Path | None,
    corpus: Path,
    redaction: str,
    do_sweep: bool,
    dev_catch: float,
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
        f"factors={thresholds.factors} serious_harm={thresholds.serious_harm} "
        f"error_risk={thresholds.error_risk}; "
        f"QC rate {qc_rate}"
    )
    click.echo(
        f"{'routing':<44}{'n':>6}{'wrong':>7}{'caught':>8}{'catch':>9}"
        f"{'queued':>8}{'share':>9}"
    )
    m = measure(test_cases, thresholds, qc_rate)
    click.echo(_line("default (test)", m))
    hand = [c for c in test_cases if c.handwritten]
    click.echo(_line("  hand-written only", measure(hand, thresholds, qc_rate)))
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
        catching, within = sweep(dev_cases, qc_rate, dev_catch)
        for title, best in (
            (f"sweep on dev: catch >= {dev_catch:.0%}, smallest queue", catching),
            (f"sweep on dev: queue <= {TARGET_SHARE:.0%}, highest catch", within),
        ):
            click.echo(title + ("" if best else ": none"))
            for t in best[:3]:
                label = (
                    f"et={t.event_type} ek={t.event_kind} h={t.harm} "
                    f"s={t.serious_harm} r={t.error_risk}"
                )
                click.echo(_line(label + " dev", measure(dev_cases, t, qc_rate)))
                click.echo(_line(label + " test", measure(test_cases, t, qc_rate)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
