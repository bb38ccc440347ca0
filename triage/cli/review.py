"""`triage export-labels` and `triage compare-models`: the retraining loop's CLI steps.

triage export-labels --out DIR [--corpus corpora/synthetic]
triage train --data DIR --out MODEL && triage models register MODEL
triage compare-models CANDIDATE --gold DIR/heldout.jsonl
triage models promote CANDIDATE
"""

from __future__ import annotations

from pathlib import Path

import click

from triage.cli.service_app import service_runtime
from triage.errors import TriageError


@click.command("export-labels")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write reviewed.jsonl, heldout.jsonl, train.jsonl, dev.jsonl.",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Add this corpus's train and dev splits (e.g. corpora/synthetic).",
)
@click.option(
    "--heldout",
    type=click.FloatRange(0, 0.9),
    default=0.2,
    show_default=True,
    help="Share of reviewed reports held out for comparing models.",
)
@click.option(
    "--dev",
    "dev_share",
    type=click.FloatRange(0, 0.9),
    default=0.15,
    show_default=True,
    help="Share of reviewed reports used for calibration (dev).",
)
@click.option(
    "--include-phi-flagged",
    is_flag=True,
    help="Also export reports still flagged phi_review (their text may hold PHI).",
)
def export_labels(
    out_dir: Path,
    corpus: Path | None,
    heldout: float,
    dev_share: float,
    include_phi_flagged: bool,
) -> None:
    """Write analyst-reviewed reports as a labelled training set (corpus format)."""
    from triage.labels.export import export_labels as run_export

    try:
        summary = run_export(
            service_runtime().db,
            out_dir,
            corpus=corpus,
            heldout=heldout,
            dev=dev_share,
            include_phi_flagged=include_phi_flagged,
        )
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{summary.reviewed} reviewed report(s); left out: "
        f"{summary.skipped_phi_review} flagged phi_review, "
        f"{summary.skipped_invalid} invalid"
    )
    for name, n in summary.written.items():
        click.echo(f"{n:>7}  {out_dir / name}")


@click.command("compare-models")
@click.argument("candidate")
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="Held-out labelled JSONL (e.g. the heldout.jsonl of export-labels).",
)
@click.option(
    "--against",
    default=None,
    help="Version to compare with (default: the active one).",
)
def compare_models(candidate: str, gold: Path, against: str | None) -> None:
    """Score CANDIDATE and the active model on the same set; promotion uses this."""
    from triage.corpus.records import read_jsonl
    from triage.labels.compare import compare_versions
    from triage.models.registry import ModelRegistry

    rt = service_runtime()
    settings = rt.settings
    registry = ModelRegistry(settings.MODEL_REGISTRY)
    other = against or registry.active_version()
    if other is None:
        raise click.ClickException("no active model to compare with")
    try:
        records = list(read_jsonl(gold))
        if not records:
            raise click.ClickException(f"{gold} holds no records")
        result = compare_versions(
            rt.db,
            registry,
            candidate,
            other,
            records,
            gold.name,
            settings.PROMOTION_METRICS,
            settings.PROMOTION_TOLERANCE,
        )
    except TriageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{len(records)} records ({gold.name}, set {result.key})")
    click.echo(f"{'metric':<26}{'candidate':>10}{'active':>10}")
    for name, value in result.candidate_metrics.items():
        other_value = result.active_metrics.get(name)
        mark = "  worse" if name in result.worse else ""
        click.echo(f"{name:<26}{_fmt(value):>10}{_fmt(other_value):>10}{mark}")
    gated = ", ".join(settings.PROMOTION_METRICS)
    verdict = "would be refused" if result.worse else "may be promoted"
    click.echo(f"{candidate} {verdict} (gated on {gated})")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"
