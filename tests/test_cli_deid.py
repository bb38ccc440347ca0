"""The `deid` and `evaluate_deid` commands: line errors, offsets, no PHI in errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from triage.cli.deid import deid, evaluate_deid
from triage.pipelines import deid_config


@pytest.fixture(scope="module")
def config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged config, without the trained NER where it is not built yet."""
    data = yaml.safe_load(deid_config.DEFAULT_PATH.read_text())
    cfg = deid_config.load()
    if not (cfg.trained_path / "meta.json").is_file():
        data["nlp"]["trained"]["enabled"] = False
    data["allow_list"] = str(deid_config.DEFAULT_PATH.parent / "allow_list.yaml")
    path = tmp_path_factory.mktemp("cfg") / "deid.yaml"
    path.write_text(yaml.safe_dump(data))
    assert dataclasses.is_dataclass(deid_config.load(path))
    return path


def test_deid_writes_records_and_per_line_errors(
    tmp_path: Path, config_path: Path
) -> None:
    text = "RN K. Moore found pt Walter Kaminski, MRN 40917736, on 3/14/2024."
    lines = [
        json.dumps({"id": "a", "text": text}),
        "this is not json Kaminski",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "   "}),
        json.dumps({"id": "d", "text": "Kaminski \u0000 40917736"}),
        json.dumps(["Kaminski"]),
        "",
        json.dumps({"id": 7, "text": "Daughter Sabine called."}),
    ]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(
        deid, ["--input", str(src), "--output", str(dst), "--config", str(config_path)]
    )
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in dst.read_text().splitlines()]
    assert [o.get("id", o.get("line")) for o in out] == ["a", 2, "b", "c", "d", 6, 7]
    first = out[0]
    assert "Kaminski" not in first["redacted_text"]
    for e in first["entities"]:
        assert set(e) == {"type", "start", "end", "score"}
    assert {text[e["start"] : e["end"]] for e in first["entities"]} >= {
        "K. Moore",
        "Walter Kaminski",
        "40917736",
        "3/14/2024",
    }
    codes = [o["error"]["code"] for o in out if "error" in o]
    assert codes == [
        "line_not_json",
        "text_missing",
        "narrative_empty",
        "narrative_control_chars",
        "line_not_object",
    ]
    errors = json.dumps([o for o in out if "error" in o]) + result.output
    assert "Kaminski" not in errors and "40917736" not in errors


def test_batch_with_two_processes_matches_one(
    tmp_path: Path, config_path: Path
) -> None:
    texts = [
        f"RN K. Moore saw pt Walter Kaminski in rm {400 + i} on 3/{i + 1}/2024; "
        f"daughter Sabine at (410) 555-01{i:02d}."
        for i in range(12)
    ]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    )
    outs = []
    for n in ("1", "2"):
        dst = tmp_path / f"out{n}.jsonl"
        args = ["--input", str(src), "--output", str(dst), "--config", str(config_path)]
        result = CliRunner().invoke(deid, [*args, "--n-process", n])
        assert result.exit_code == 0, result.output
        outs.append(dst.read_text())
    assert outs[0] == outs[1]
    assert "Kaminski" not in outs[0] and len(outs[0].splitlines()) == 12
    bad = CliRunner().invoke(
        deid, ["--input", str(src), "--output", "-", "--n-process", "0"]
    )
    assert bad.exit_code == 2


def test_evaluate_deid_prints_table(tmp_path: Path, config_path: Path) -> None:
    hw = tmp_path / "hw"
    hw.mkdir()
    (hw / "a.txt").write_text(
        "=== hw-x-001 | fall | incident | mild | \n"
        "RN [[PERSON:K. Moore]] found pt, MRN [[ID:00482913]], on [[DATE:3/14/2024]].\n"
    )
    metrics = tmp_path / "m.json"
    result = CliRunner().invoke(
        evaluate_deid,
        [
            "--gold",
            str(hw),
            "--format",
            "corpus",
            "--config",
            str(config_path),
            "--json-out",
            str(metrics),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "PERSON" in result.output and "token" in result.output
    assert json.loads(metrics.read_text())["token"]["ALL"]["recall"] == 1.0


def test_evaluate_deid_bad_gold_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = CliRunner().invoke(
        evaluate_deid, ["--gold", str(bad), "--format", "corpus"]
    )
    assert result.exit_code != 0
    assert "Traceback" not in result.output
