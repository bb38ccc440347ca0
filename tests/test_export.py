"""CSV export of coded reports and `triage export-labels` (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_support import add_report

from triage.aggregates.counts import ReportFilter
from triage.aggregates.export import COLUMNS, export_csv, safe_cell
from triage.cli.review import export_labels as export_labels_command
from triage.corpus.records import Record, read_jsonl, write_jsonl
from triage.labels.export import export_labels, split_of
from triage.review.corrections import Corrections, ReviewInput

A = "analyst:ann"


def _csv(db, flt=None, with_text=False) -> list[dict[str, str]]:
    chunks = export_csv(db, flt or ReportFilter(), with_text)
    return list(csv.DictReader(io.StringIO("".join(chunks))))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("fall", "fall"),
        (None, ""),
        (3, "3"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_csv_has_one_row_per_report_with_its_codes_source(database):
    with database.session() as s:
        reviewed = add_report(
            s,
            "F1",
            event_type="fall",
            p=0.3,
            occurred_on=date(2026, 1, 2),
            factors=["environment", "human_factors"],
            location_type="ICU",
        ).id
        model_only = add_report(
            s,
            "F2",
            event_type="device",
            harm="moderate",
            text="=cmd|' /C calc'!A0 pump alarm ignored",
        ).id
    Corrections(database, 0.0).review(reviewed, A, ReviewInput(harm="moderate"))
    rows = _csv(database)
    assert list(rows[0]) == list(COLUMNS)
    by_id = {r["report_id"]: r for r in rows}
    assert set(by_id) == {reviewed, model_only}
    r = by_id[reviewed]
    assert (r["facility"], r["event_type"], r["harm"], r["codes_source"]) == (
        "F1",
        "fall",
        "moderate",
        "reviewed",
    )
    assert (r["occurred_on"], r["location_type"], r["review_state"]) == (
        "2026-01-02",
        "ICU",
        "reviewed",
    )
    assert r["factors"] == "environment;human_factors" and r["model_version"] == ""
    m = by_id[model_only]
    assert (m["codes_source"], m["model_version"]) == ("model", "m1")
    with_text = {r["report_id"]: r for r in _csv(database, with_text=True)}
    assert with_text[model_only]["redacted_text"].startswith("'=cmd")
    assert [
        r["report_id"] for r in _csv(database, ReportFilter(facilities=("F2",)))
    ] == [model_only]


def test_split_is_stable_and_proportional():
    parts = [split_of(f"r{i}", 0.2, 0.15) for i in range(5000)]
    assert parts == [split_of(f"r{i}", 0.2, 0.15) for i in range(5000)]
    assert abs(parts.count("heldout") / 5000 - 0.2) < 0.02
    assert abs(parts.count("dev") / 5000 - 0.15) < 0.02


def _seed_reviews(db) -> dict[str, str]:
    with db.session() as s:
        ids = {
            "corrected": add_report(s, event_type="fall", harm="mild", p=0.3).id,
            "accepted": add_report(
                s, event_type="medication", harm="no_harm", p=0.3
            ).id,
            "phi": add_report(s, p=0.3, flags=["phi_review"]).id,
            "unreviewed": add_report(s, p=0.3).id,
        }
    c = Corrections(db, 0.0)
    c.review(
        ids["corrected"], A, ReviewInput(event_type="other", factors=["communication"])
    )
    c.review(ids["accepted"], A, ReviewInput(accept=True))
    c.review(ids["phi"], A, ReviewInput(accept=True))
    return ids


def test_export_labels_writes_reviewed_records(database, tmp_path):
    ids = _seed_reviews(database)
    summary = export_labels(database, tmp_path / "out", heldout=0.0, dev=0.0)
    assert (summary.reviewed, summary.skipped_phi_review) == (3, 1)
    records = {r.id: r for r in read_jsonl(tmp_path / "out" / "reviewed.jsonl")}
    assert set(records) == {
        f"reviewed-{ids['corrected']}",
        f"reviewed-{ids['accepted']}",
    }
    rec = records[f"reviewed-{ids['corrected']}"]
    assert (rec.event_type, rec.harm, rec.factors) == (
        "other",
        "mild",
        ("communication",),
    )
    assert rec.source == "reviewed" and rec.phi == ()
    assert rec.text.startswith("Pt found on floor")
    assert summary.written["train.jsonl"] == 2 and summary.written["heldout.jsonl"] == 0
    flagged = export_labels(database, tmp_path / "all", include_phi_flagged=True)
    assert flagged.skipped_phi_review == 0
    assert flagged.written["reviewed.jsonl"] == 3


def test_export_labels_adds_the_corpus_and_holds_out_by_id(database, tmp_path):
    ids = _seed_reviews(database)
    corpus = tmp_path / "corpus"
    base = Record(
        "c1", "A fall in the hallway.", "fall", "incident", "mild", source="generated"
    )
    write_jsonl(corpus / "train.jsonl", [base])
    write_jsonl(corpus / "dev.jsonl", [base])
    summary = export_labels(
        database, tmp_path / "out", corpus=corpus, heldout=0.5, dev=0.0
    )
    assert summary.corpus == {"train": 1, "dev": 1}
    held = {r.id for r in read_jsonl(tmp_path / "out" / "heldout.jsonl")}
    train = {r.id for r in read_jsonl(tmp_path / "out" / "train.jsonl")}
    assert "c1" in train and not (held & train)
    expected_held = {
        f"reviewed-{ids[k]}"
        for k in ("corrected", "accepted")
        if split_of(ids[k], 0.5, 0.0) == "heldout"
    }
    assert held == expected_held


def test_export_labels_command(database, db_url, tmp_path, monkeypatch):
    _seed_reviews(database)
    monkeypatch.setenv("TRIAGE_DATABASE_URL", db_url)
    monkeypatch.setenv("TRIAGE_INSTANCE_PATH", str(tmp_path / "instance"))
    out = tmp_path / "labels"
    result = CliRunner().invoke(
        export_labels_command, ["--out", str(out), "--heldout", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "3 reviewed report(s); left out: 1 flagged phi_review" in result.output
    lines = (out / "reviewed.jsonl").read_text().splitlines()
    assert len(lines) == 2 and all(json.loads(x)["source"] == "reviewed" for x in lines)
    bad = CliRunner().invoke(
        export_labels_command,
        ["--out", str(out), "--corpus", str(tmp_path / "missing")],
    )
    assert bad.exit_code != 0


def test_no_reviews_gives_empty_files(database, tmp_path):
    summary = export_labels(database, tmp_path)
    assert summary.reviewed == 0
    assert all(n == 0 for n in summary.written.values())
    assert Path(tmp_path / "train.jsonl").read_text() == ""


def test_api_csv_export(db_url, tmp_path):
    from web_fixtures import app_lifetime, key_maker, make_app

    for app in app_lifetime(make_app(db_url, tmp_path / "registry")):
        with app.extensions["triage"].db.session() as s:
            rid = add_report(s, "F1", text="-1 mg given instead of 1 mg").id
            add_report(s, "F2")
        client, keys = app.test_client(), key_maker(app)
        analyst = keys("analyst")
        resp = client.get(
            "/api/v1/exports/reports.csv?facility=F1&text=1", headers=analyst
        )
        assert resp.status_code == 200
        assert resp.mimetype == "text/csv"
        assert "attachment" in resp.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
        assert [r["report_id"] for r in rows] == [rid]
        assert rows[0]["redacted_text"] == "'-1 mg given instead of 1 mg"
        plain = client.get("/api/v1/exports/reports.csv", headers=analyst).get_data(
            as_text=True
        )
        assert "redacted_text" not in plain.splitlines()[0]
        assert len(plain.splitlines()) == 3
        assert client.get("/api/v1/exports/reports.csv").status_code == 401
        submitter = keys("submitter", "F1")
        assert (
            client.get("/api/v1/exports/reports.csv", headers=submitter).status_code
            == 403
        )
