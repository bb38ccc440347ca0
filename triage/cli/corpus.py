"""`triage corpus`: build, generate and describe the labelled corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import click

DEFAULT_ROOT = Path("corpora/synthetic")


@click.group()
def corpus() -> None:
    """Build, generate and describe the labelled incident corpus."""


@corpus.command()
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_ROOT,
    show_default=True,
    help="Corpus folder holding corpus.yaml.",
)
def build(root: Path) -> None:
    """Write train/dev/test.jsonl from the hand-written set and the generator."""
    from triage.corpus.build import CorpusConfig, write

    counts = write(CorpusConfig.load(root))
    for name, n in counts.items():
        click.echo(f"{name}: {n} records -> {root / (name + '.jsonl')}")


@corpus.command()
@click.option(
    "--n", "n", type=click.IntRange(min=1), required=True, help="How many narratives."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="JSONL file to write (default: standard output).",
)
def generate(n: int, seed: int, output: Path | None) -> None:
    """Compose N labelled narratives from the phrase banks (same seed, same bytes)."""
    from triage.corpus.generator import generate as gen
    from triage.corpus.records import write_jsonl

    records = gen(n, seed)
    if output is None:
        for rec in records:
            sys.stdout.write(rec.to_json() + "\n")
    else:
        write_jsonl(output, records)
        click.echo(f"{len(records)} records -> {output}", err=True)


@corpus.command()
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_ROOT,
    show_default=True,
    help="Corpus folder holding the split files.",
)
@click.option("--by-source", is_flag=True, help="Also show each split by source.")
def stats(root: Path, by_source: bool) -> None:
    """Print counts per code and per PHI type for each split."""
    from triage.corpus.build import read_splits
    from triage.corpus.stats import format_table

    parts = read_splits(root)
    table: dict = dict(parts)
    if by_source:
        for name, recs in parts.items():
            for source in sorted({r.source for r in recs}):
                table[f"{name}/{source[:4]}"] = [r for r in recs if r.source == source]
    click.echo(format_table(table))
