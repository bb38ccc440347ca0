"""The ICU-style generalisation check runs end to end and refuses the training seed."""

from __future__ import annotations

import pytest

from training import evaluate_deid_icu_style
from training.train_phi_ner import DEFAULT_CONFIG, load_config


def test_scores_generated_notes(capsys: pytest.CaptureFixture[str]) -> None:
    evaluate_deid_icu_style.main(["--n", "30", "--seed", "11"])
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("ALL")]
    token = next(r for r in rows if r[1] == "token")
    gold, found = int(token[2]), int(token[3])
    assert gold > 0 and found / gold > 0.8  # a real pipeline, not an empty report


def test_refuses_the_training_seed() -> None:
    seed = load_config(DEFAULT_CONFIG)["seed"]
    with pytest.raises(SystemExit):
        evaluate_deid_icu_style.main(["--seed", str(seed)])
