"""`triage train`, `triage evaluate coding`, `triage code` and `triage models`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from triage.cli.service_app import service_runtime
from triage.errors import InputError, TriageError
from triage.models.registry import ROOT_ENV, default_root

# Below this top probability a single-label prediction is flagged for review.
LOW_CONFIDENCE = 0.5
BATCH = 256

_registry_option = click.option(
    "--registry",
    "registry_root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help=f"Registry root (default: ${ROOT_ENV} or var/models/coding).",
)


def _fail(exc: TriageError) -> None:
    raise click.ClickException(str(exc)) from exc


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder holding train.jsonl and dev.jsonl.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="New model directory to write.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Hyperparameters (default: training/coding.yaml).",
)
def train(data_dir: Path, out_dir: Path, config_path: Path | None) -> None:
    """Train every coding target; writes a model directory with its manifest."""
    from training.train_coding import train as run_training

    try:
        manifest = run_training(
            data_dir, out_dir, config_path, progress=sys.stderr.isatty()
        )
    except TriageError as exc:
        _fail(exc)
    click.echo(
        f"trained {manifest['version']} in {manifest['training_seconds']}s -> {out_dir}"
    )
    for subset, numbers in manifest["metrics"]["dev"].items():
        shown = " ".join(f"{k}={v:.3f}" for k, v in numbers.items())
        click.echo(f"dev/{subset}: {shown}")


@click.command("coding")
@click.option(
    "--model",
    "model_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Model directory to evaluate.",
)
@click.option(
    "--gold",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Gold JSONL file (e.g. corpora/synthetic/test.jsonl).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write metrics (default: MODEL/metrics.json).",
)
def evaluate_coding(model_dir: Path, gold: Path, out: Path | None) -> None:
    """Score a model on gold records: per-target metrics, overall and per source."""
    from training.evaluate_coding import format_report, run

    try:
        result = run(model_dir, gold, out)
    except TriageError as exc:
        _fail(exc)
    click.echo(format_report(result))
    click.echo(f"\nmetrics -> {out or model_dir / 'metrics.json'}")


def _read_inputs(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                rid, text = obj["id"], obj["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(
                    "input_invalid", f"line {lineno}: needs JSON with id and text"
                ) from exc
            if not isinstance(text, str):
                raise InputError(
                    "input_invalid", f"line {lineno}: text must be a string"
                )
            yield str(rid), text


def _batches(
    items: Iterator[tuple[str, str]], size: int
) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def coding_record(
    rid: str, redacted: str, coding: Any, flags: tuple[str, ...]
) -> dict[str, Any]:
    """The output line of `triage code` for one narrative."""
    all_flags = list(flags)
    for target in ("event_type", "event_kind", "harm"):
        pred = getattr(coding, target)
        if pred.probability < LOW_CONFIDENCE:
            all_flags.append(f"low_confidence_{target}")
    return {
        "id": rid,
        "redacted_text": redacted,
        **{
            t: {
                "code": getattr(coding, t).code,
                "probability": round(getattr(coding, t).probability, 4),
            }
            for t in ("event_type", "event_kind", "harm")
        },
        "factors": [
            {"code": f.code, "probability": round(f.probability, 4)}
            for f in coding.factors
        ],
        "model_version": coding.model_version,
        "flags": all_flags,
    }


@click.command()
@click.option(
    "--input",
    "input_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help='JSONL of {"id", "text"} lines.',
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="JSONL to write.",
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Model directory (default: the registry's active version).",
)
@_registry_option
@click.option(
    "--already-redacted",
    is_flag=True,
    help="Input text is already de-identified: skip the de-identifier.",
)
def code(
    input_path: Path,
    output_path: Path,
    model_dir: Path | None,
    registry_root: Path | None,
    already_redacted: bool,
) -> None:
    """De-identify then code narratives offline, one JSON line out per line in."""
    from triage.models.coder import Coder
    from triage.models.registry import ModelRegistry

    try:
        coder = (
            Coder.load(model_dir)
            if model_dir
            else ModelRegistry(registry_root or default_root()).load_active()
        )
        deid = None
        if not already_redacted:
            from triage.pipelines.deidentify import Deidentifier

            deid = Deidentifier.from_config()
        n = 0
        with output_path.open("w", encoding="utf-8") as out:
            for batch in _batches(_read_inputs(input_path), BATCH):
                texts = [t for _, t in batch]
                redacted: list[tuple[str, tuple[str, ...]]]
                if deid is None:
                    redacted = [(t, ()) for t in texts]
                else:
                    redacted = [
                        (r.redacted_text, tuple(r.flags))
                        for r in deid.redact_batch(texts)
                    ]
                codings = coder.code_batch([r for r, _ in redacted])
                for (rid, _), (text, flags), coding in zip(
                    batch, redacted, codings, strict=True
                ):
                    out.write(
                        json.dumps(coding_record(rid, text, coding, flags)) + "\n"
                    )
                    n += 1
    except TriageError as exc:
        _fail(exc)
    click.echo(f"coded {n} narratives with {coder.version} -> {output_path}", err=True)


@click.group()
def models() -> None:
    """List, inspect, register, promote and roll back coding model versions."""


def _registry(root: Path | None) -> Any:
    from triage.models.registry import ModelRegistry

    return ModelRegistry(root or default_root())


@models.command("list")
@_registry_option
def list_versions(registry_root: Path | None) -> None:
    """Every registered version; * marks the active one."""
    try:
        infos = _registry(registry_root).versions()
    except TriageError as exc:
        _fail(exc)
    if not infos:
        click.echo("no registered models")
    for v in infos:
        test = v.metrics.get("dev", {}).get("overall", {})
        shown = " ".join(f"{k}={val:.3f}" for k, val in test.items())
        click.echo(
            f"{'*' if v.active else ' '} {v.version}  {v.created}  "
            f"data={v.training_data}  "
            f"dev: {shown}"
        )


@models.command()
@click.argument("version")
@_registry_option
def show(version: str, registry_root: Path | None) -> None:
    """Print one version's manifest."""
    try:
        manifest = _registry(registry_root).manifest(version)
    except TriageError as exc:
        _fail(exc)
    click.echo(json.dumps(manifest, indent=2, sort_keys=True))


@models.command()
@click.argument(
    "model_dir", type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@_registry_option
def register(model_dir: Path, registry_root: Path | None) -> None:
    """Verify a trained model directory and copy it into the registry."""
    try:
        version = _registry(registry_root).register(model_dir)
    except TriageError as exc:
        _fail(exc)
    click.echo(version)


@models.command()
@click.argument("version")
@click.option("--force", is_flag=True, help="Promote even if worse or not compared.")
@_registry_option
def promote(version: str, force: bool, registry_root: Path | None) -> None:
    """Make VERSION the active model, behind the same quality gate as the API."""
    from triage.labels import promotion
    from triage.models.registry import ModelRegistry

    rt = service_runtime()
    try:
        activation = promotion.promote(
            rt.db,
            ModelRegistry(registry_root or rt.settings.MODEL_REGISTRY),
            rt.settings,
            version,
            force=force,
            actor="cli",
        )
    except TriageError as exc:
        _fail(exc)
    suffix = " (forced)" if activation.forced else ""
    click.echo(f"active: {activation.active} (was {activation.previous}){suffix}")


@models.command()
@_registry_option
def rollback(registry_root: Path | None) -> None:
    """Re-activate the previously active version."""
    from triage.labels import promotion
    from triage.models.registry import ModelRegistry

    rt = service_runtime()
    try:
        activation = promotion.rollback(
            rt.db,
            ModelRegistry(registry_root or rt.settings.MODEL_REGISTRY),
            actor="cli",
        )
    except TriageError as exc:
        _fail(exc)
    click.echo(f"active: {activation.active} (was {activation.previous})")
