"""The coding commands end to end: train, evaluate, register, promote, code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_models_support import tiny_data_dir, tiny_model_dir

from triage.cli.coding import code, evaluate_coding, models, train
from triage.corpus.records import read_jsonl
from triage.models.gold import redact_gold


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_train_refuses_missing_data(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        train, ["--data", str(tmp_path), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code != 0
    assert "training_data_missing" in result.output


def test_train_refuses_a_bad_config(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("event_type:\n  C: -1\n")
    result = runner.invoke(
        train,
        [
            "--data",
            str(tiny_data_dir()),
            "--out",
            str(tmp_path / "m"),
            "--config",
            str(bad),
        ],
    )
    assert result.exit_code != 0
    assert "model_config_invalid" in result.output
    assert not (tmp_path / "m").exists()


def test_evaluate_writes_metrics_json(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "metrics.json"
    result = runner.invoke(
        evaluate_coding,
        [
            "--model",
            str(tiny_model_dir()),
            "--gold",
            str(tiny_data_dir() / "test.jsonl"),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    m = json.loads(out.read_text())
    overall = m["overall"]
    assert {"event_type", "event_kind", "harm", "factors"} <= set(overall)
    assert "qwk" in overall["harm"] and "mean_ordinal_error" in overall["harm"]
    assert "micro_f1" in overall["factors"] and "ece" in overall["event_type"]
    assert "handwritten" in m["by_source"]
    assert "confusion" in result.output and "harm" in result.output


def test_registry_journey_and_offline_coding(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Promotion is recorded in the service database: give it a fresh one.
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("TRIAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    reg = ["--registry", str(tmp_path / "reg")]
    result = runner.invoke(models, ["register", str(tiny_model_dir()), *reg])
    assert result.exit_code == 0, result.output
    version = result.output.strip()
    assert runner.invoke(models, ["promote", version, *reg]).exit_code == 0
    listing = runner.invoke(models, ["list", *reg])
    assert listing.output.startswith(f"* {version}")
    shown = runner.invoke(models, ["show", version, *reg])
    assert json.loads(shown.output)["version"] == version
    assert runner.invoke(models, ["promote", "no-such-version", *reg]).exit_code != 0

    records = list(read_jsonl(tiny_data_dir() / "test.jsonl"))[:4]
    inp = tmp_path / "in.jsonl"
    inp.write_text(
        "".join(
            json.dumps({"id": r.id, "text": redact_gold(r)}) + "\n" for r in records
        )
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        code, ["--input", str(inp), "--output", str(out), "--already-redacted", *reg]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == [r.id for r in records]
    for line in lines:
        assert line["model_version"] == version
        assert set(line) == {
            "id",
            "redacted_text",
            "event_type",
            "event_kind",
            "harm",
            "factors",
            "model_version",
            "flags",
        }
        assert set(line["harm"]) == {"code", "probability"}
        assert all(set(f) == {"code", "probability"} for f in line["factors"])

    rollback = runner.invoke(models, ["rollback", *reg])
    assert rollback.exit_code != 0  # only one version was ever active

    # A second version is behind the quality gate: never compared, so refused...
    trained = runner.invoke(
        train, ["--data", str(tiny_data_dir()), "--out", str(tmp_path / "m2")]
    )
    assert trained.exit_code == 0, trained.output
    second = runner.invoke(models, ["register", str(tmp_path / "m2"), *reg])
    other = second.output.strip()
    assert other != version
    refused = runner.invoke(models, ["promote", other, *reg])
    assert refused.exit_code != 0 and "model_not_compared" in refused.output
    # ...unless forced; then rollback returns to the first.
    forced = runner.invoke(models, ["promote", other, "--force", *reg])
    assert forced.exit_code == 0 and "(forced)" in forced.output
    back = runner.invoke(models, ["rollback", *reg])
    assert back.exit_code == 0 and f"active: {version}" in back.output


def test_code_rejects_bad_input_lines(runner: CliRunner, tmp_path: Path) -> None:
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": 1}\n')
    result = runner.invoke(
        code,
        [
            "--input",
            str(inp),
            "--output",
            str(tmp_path / "o.jsonl"),
            "--model",
            str(tiny_model_dir()),
            "--already-redacted",
        ],
    )
    assert result.exit_code != 0
    assert "line 1" in result.output
