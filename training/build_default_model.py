"""One-shot set-up step: train the default coding model and activate it if none is.

``python -m training.build_default_model [--corpus corpora/synthetic] [--registry DIR]``

Idempotent: when the registry already has an active version it does nothing. Otherwise
it builds the corpus splits if they are missing, trains on them, scores the test split
(metrics.json), registers the model and promotes it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from triage.models.registry import ModelRegistry, default_root

DEFAULT_CORPUS = Path("corpora/synthetic")


def build(corpus: Path, registry: ModelRegistry, force: bool = False) -> str | None:
    """Train, register and promote a model unless one is active; the new version."""
    if registry.active_version() is not None and not force:
        return None
    # Imported here so the common "already active" case returns in well under a second.
    from training.evaluate_coding import run as evaluate
    from training.train_coding import train

    if not all((corpus / f"{s}.jsonl").is_file() for s in ("train", "dev", "test")):
        from triage.corpus.build import CorpusConfig, write

        write(CorpusConfig.load(corpus))
    with tempfile.TemporaryDirectory(prefix="triage-model-") as tmp:
        out = Path(tmp) / "model"
        train(corpus, out, progress=sys.stderr.isatty())
        evaluate(out, corpus / "test.jsonl")
        version = registry.register(out)
    registry.promote(version)
    return version


@click.command()
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CORPUS,
    show_default=True,
)
@click.option(
    "--registry",
    "registry_root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Registry root (default: $TRIAGE_MODEL_REGISTRY or var/models/coding).",
)
@click.option(
    "--force", is_flag=True, help="Train and promote even if a model is active."
)
def main(corpus: Path, registry_root: Path | None, force: bool) -> None:
    """Build and activate the default coding model if no model is active."""
    registry = ModelRegistry(registry_root or default_root())
    version = build(corpus, registry, force)
    if version is None:
        click.echo(f"active model {registry.active_version()} kept ({registry.root})")
    else:
        click.echo(f"built and activated {version} ({registry.root})")


if __name__ == "__main__":
    main()
