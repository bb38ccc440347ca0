"""`triage corpus` commands."""

from __future__ import annotations

import json

from click.testing import CliRunner

from triage.cli import main


def test_stats_prints_counts_per_code_and_phi_type(corpus_root):
    result = CliRunner().invoke(main, ["corpus", "stats", "--root", str(corpus_root)])
    assert result.exit_code == 0, result.output
    out = result.output
    for word in (
        "train",
        "dev",
        "test",
        "[event_type]",
        "blood_product",
        "[harm]",
        "death",
        "[factors]",
        "health_it",
        "[phi]",
        "PERSON",
        "distinct word-trigram ratio",
    ):
        assert word in out
    train_line = next(line for line in out.splitlines() if line.startswith("records"))
    assert int(train_line.split()[1]) > 1000


def test_generate_is_deterministic(tmp_path):
    runner = CliRunner()
    a = runner.invoke(main, ["corpus", "generate", "--n", "20", "--seed", "7"])
    b = runner.invoke(main, ["corpus", "generate", "--n", "20", "--seed", "7"])
    c = runner.invoke(main, ["corpus", "generate", "--n", "20", "--seed", "8"])
    assert a.exit_code == 0 and a.output == b.output != c.output
    rows = [json.loads(line) for line in a.output.splitlines()]
    assert len(rows) == 20 and all(r["source"] == "generated" for r in rows)
    out = tmp_path / "g.jsonl"
    d = runner.invoke(
        main, ["corpus", "generate", "--n", "5", "--seed", "7", "--output", str(out)]
    )
    assert (
        d.exit_code == 0 and out.read_text().splitlines() == a.output.splitlines()[:5]
    )


def test_generate_rejects_bad_n():
    result = CliRunner().invoke(main, ["corpus", "generate", "--n", "0"])
    assert result.exit_code != 0


def test_build_writes_splits(tmp_path, corpus_root):
    import shutil

    root = tmp_path / "c"
    shutil.copytree(corpus_root / "handwritten", root / "handwritten")
    (root / "corpus.yaml").write_text(
        "handwritten_dir: handwritten\n"
        "generated: {n: 50, seed: 1}\n"
        "split_ratios: [0.6, 0.2, 0.2]\n"
    )
    result = CliRunner().invoke(main, ["corpus", "build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        sum(
            len((root / f"{s}.jsonl").read_text().splitlines())
            for s in ("train", "dev", "test")
        )
        == 500
    )
