"""Benchmark retraining: wall time and peak memory of `triage train` on N labels.

``python -m bench.retrain [--reviewed 5000] [--corpus corpora/synthetic] [--config F]``

Stands in for the retraining loop's data: the corpus train/dev splits plus N labelled
narratives with source ``reviewed`` (drawn from the generator with a seed of their
own, 85% added to train and 15% to dev, as `triage export-labels` splits them), then
trains with the committed config, augmentation included. Prints one table row per
phase; the issue's target is the whole training within 3 minutes on this machine.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

import click

from bench.coding import peak_mb
from triage.corpus.generator import generate
from triage.corpus.records import read_jsonl, write_jsonl

REVIEWED_SEED = 5150
TARGET_SECONDS = 180.0


@click.command()
@click.option("--reviewed", "n_reviewed", type=int, default=5000, show_default=True)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("corpora/synthetic"),
    show_default=True,
)
@click.option("--config", "config_path", type=click.Path(path_type=Path))
def main(n_reviewed: int, corpus: Path, config_path: Path | None) -> None:
    """Time one training run on the corpus plus N reviewed labels."""
    from training.train_coding import train

    reviewed = [
        replace(r, id=f"rev-{i:05d}", source="reviewed")
        for i, r in enumerate(generate(n_reviewed, REVIEWED_SEED))
    ]
    n_dev = round(len(reviewed) * 0.15)
    with tempfile.TemporaryDirectory(prefix="triage-bench-retrain-") as tmp:
        data = Path(tmp) / "data"
        write_jsonl(
            data / "train.jsonl",
            [*read_jsonl(corpus / "train.jsonl"), *reviewed[n_dev:]],
        )
        write_jsonl(
            data / "dev.jsonl", [*read_jsonl(corpus / "dev.jsonl"), *reviewed[:n_dev]]
        )
        started = time.perf_counter()
        manifest = train(data, Path(tmp) / "model", config_path)
        wall = time.perf_counter() - started
    records = manifest["training_data"]["records"]
    click.echo(f"{'measure':<40}{'value':>12}")
    for label, value in (
        ("reviewed labels", f"{n_reviewed}"),
        ("train records (corpus + reviewed)", f"{records['train']}"),
        ("augmented generated records", f"{records.get('augmented', 0)}"),
        ("dev records", f"{records['dev']}"),
        ("fit time, s (manifest)", f"{manifest['training_seconds']:.1f}"),
        ("train() wall time incl. dev scoring, s", f"{wall:.1f}"),
        ("peak RSS, MB", f"{peak_mb():.0f}"),
        (
            f"target <= {TARGET_SECONDS:.0f} s",
            "PASS" if wall <= TARGET_SECONDS else "FAIL",
        ),
    ):
        click.echo(f"{label:<40}{value:>12}")


if __name__ == "__main__":
    main()
