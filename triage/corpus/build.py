"""Assemble the fixed corpus splits from the hand-written set and the generator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from triage.corpus import generator, markup, splits
from triage.corpus.records import Record, read_jsonl, write_jsonl
from triage.errors import ConfigError


@dataclass(frozen=True)
class CorpusConfig:
    """Where the hand-written files are and how much to generate."""

    root: Path
    handwritten_dir: Path
    generated_n: int
    generated_seed: int
    split_ratios: tuple[float, float, float]

    @classmethod
    def load(cls, root: Path) -> CorpusConfig:
        """Read `corpus.yaml` in a corpus folder (an error if absent or malformed)."""
        path = root / "corpus.yaml"
        if not path.is_file():
            raise ConfigError("corpus_config_missing", f"no corpus.yaml in {root}")
        try:
            raw = yaml.safe_load(path.read_text("utf-8"))
            ratios = tuple(float(x) for x in raw["split_ratios"])
            if len(ratios) != 3:
                raise ValueError("split_ratios needs three numbers")
            return cls(
                root=root,
                handwritten_dir=root / raw["handwritten_dir"],
                generated_n=int(raw["generated"]["n"]),
                generated_seed=int(raw["generated"]["seed"]),
                split_ratios=(ratios[0], ratios[1], ratios[2]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError("corpus_config_invalid", f"{path}: {exc!r}") from exc


def assemble(config: CorpusConfig) -> dict[str, list[Record]]:
    """The train/dev/test splits the config describes (computed, not read)."""
    records = markup.read_handwritten(config.handwritten_dir)
    records += generator.generate(config.generated_n, config.generated_seed)
    return splits.split(records, config.split_ratios)


def write(config: CorpusConfig) -> dict[str, int]:
    """Build and write `<split>.jsonl` beside corpus.yaml; returns counts per split."""
    parts = assemble(config)
    return {
        name: write_jsonl(config.root / f"{name}.jsonl", recs)
        for name, recs in parts.items()
    }


def read_splits(root: Path) -> dict[str, list[Record]]:
    """The written splits of a corpus folder."""
    return {name: list(read_jsonl(root / f"{name}.jsonl")) for name in splits.SPLITS}
