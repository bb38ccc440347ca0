"""Span- and token-level scoring, and the three gold readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.errors import InputError
from triage.evaluation.deid_eval import Predicted, as_dict, format_report, score
from triage.evaluation.gold_readers import GoldDoc, GoldSpan, read_gold

TEXT = "Dr. Ann Lee saw pt on 3/14 in 2019, MRN 123456."
#       0123456789012345678901234567890123456789012345


def test_scores_recall_precision_f2() -> None:
    gold = [
        GoldDoc(
            "d1",
            TEXT,
            (
                GoldSpan("PERSON", 4, 11),
                GoldSpan("DATE", 22, 26),
                GoldSpan("DATE", 30, 34, optional=True),
                GoldSpan("ID", 40, 46),
            ),
        )
    ]
    preds = [
        [
            Predicted("PERSON", 8, 11),  # overlaps the name: span hit, 1 of 2 tokens
            Predicted("DATE", 30, 34),  # optional year: neither miss nor FP
            Predicted("PERSON", 12, 15),  # "saw": false positive
            Predicted(
                "LOCATION", 40, 46
            ),  # wrong type still redacts: counts for recall
        ]
    ]
    res = score(gold, preds)
    assert (res.span["ALL"].gold, res.span["ALL"].found) == (3, 2)
    assert res.span["DATE"].recall == 0.0 and res.span["ID"].recall == 1.0
    assert res.span["PERSON"].pred == 2 and res.span["PERSON"].correct == 1
    assert res.token["PERSON"].gold == 2 and res.token["PERSON"].found == 1
    assert [m.text for m in res.misses] == ["3/14"]
    assert [m.text for m in res.false_positives] == ["saw"]
    p, r = res.span["ALL"].precision, res.span["ALL"].recall
    assert res.span["ALL"].f2 == pytest.approx(5 * p * r / (4 * p + r))
    report = format_report(res, show_fp=5)
    assert "misses: 1" in report and "'3/14'" in report
    assert "3/14" not in json.dumps(as_dict(res))  # metrics JSON holds no text


def test_readers(tmp_path: Path) -> None:
    pn = tmp_path / "notes.jsonl"
    pn.write_text(
        json.dumps(
            {
                "patient": 1,
                "record": 2,
                "text": "DR SMITH 1992 7/22",
                "phi": [
                    {"type": "HCPName", "start": 3, "end": 8, "text": "SMITH"},
                    {"type": "DateYear", "start": 9, "end": 13, "text": "1992"},
                    {"type": "Date", "start": 14, "end": 18, "text": "7/22"},
                ],
            }
        )
        + "\n"
    )
    docs = read_gold(tmp_path, "physionet")
    assert docs[0].id == "1-2"
    assert [(s.type, s.optional) for s in docs[0].spans] == [
        ("PERSON", False),
        ("DATE", True),
        ("DATE", False),
    ]

    ps = tmp_path / "synth.json"
    ps.write_text(
        json.dumps(
            [
                {
                    "full_text": "Ann, 95, at Acme in 2001 on 8/12/1991",
                    "spans": [
                        {
                            "entity_type": "PERSON",
                            "entity_value": "Ann",
                            "start_position": 0,
                            "end_position": 3,
                        },
                        {
                            "entity_type": "AGE",
                            "entity_value": "95",
                            "start_position": 5,
                            "end_position": 7,
                        },
                        {
                            "entity_type": "ORGANIZATION",
                            "entity_value": "Acme",
                            "start_position": 12,
                            "end_position": 16,
                        },
                        {
                            "entity_type": "DATE_TIME",
                            "entity_value": "2001",
                            "start_position": 20,
                            "end_position": 24,
                        },
                        {
                            "entity_type": "DATE_TIME",
                            "entity_value": "8/12/1991",
                            "start_position": 28,
                            "end_position": 37,
                        },
                    ],
                }
            ]
        )
    )
    spans = read_gold(ps, "presidio")[0].spans
    assert [(s.type, s.optional) for s in spans] == [
        ("PERSON", False),
        ("AGE", False),
        ("LOCATION", True),
        ("DATE", True),
        ("DATE", False),
    ]

    hw = tmp_path / "hw"
    hw.mkdir()
    (hw / "a.txt").write_text(
        "=== hw-x-001 | fall | incident | mild | \nRN [[PERSON:K. Moore]] found pt.\n"
    )
    doc = read_gold(hw, "corpus")[0]
    assert doc.text[doc.spans[0].start : doc.spans[0].end] == "K. Moore"


def test_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_gold(tmp_path / "absent.jsonl", "corpus")
    with pytest.raises(InputError):
        read_gold(tmp_path, "nonsense")


@pytest.mark.shared_data
def test_shared_data_readers(shared_dir: Path) -> None:
    pn = shared_dir / "data" / "physionet-deid-dev"
    ps = shared_dir / "data" / "presidio-synth"
    if not pn.is_dir() or not ps.is_dir():
        pytest.skip(
            "shared evaluation data (physionet-deid-dev, presidio-synth) not present"
        )
    assert len(read_gold(pn, "physionet")) == 1642
    assert len(read_gold(ps, "presidio")) == 1500
