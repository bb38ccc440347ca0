"""The packaged taxonomy matches shared/taxonomy.md, and its helpers behave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage import taxonomy


def _tables(md: str) -> dict[str, list[list[str]]]:
    """Markdown tables keyed by the `## heading` word before them."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in md.splitlines():
        if line.startswith("## "):
            heading = line[3:].split()[0]
        elif line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            tables.setdefault(heading, []).append(cells)
    return {k: rows[1:] for k, rows in tables.items()}  # drop the header row


@pytest.fixture(scope="module")
def shared_tables(shared_dir: Path) -> dict[str, list[list[str]]]:
    return _tables((shared_dir / "taxonomy.md").read_text("utf-8"))


@pytest.mark.parametrize("target", taxonomy.TARGETS)
def test_codes_and_labels_match_shared_tables(shared_tables, target):
    tax = taxonomy.load()
    rows = shared_tables[target]
    assert tax.codes(target) == tuple(r[0] for r in rows)
    for row in rows:
        shared_label = row[1].replace("–", "-")
        assert tax.label(target, row[0]).replace("–", "-") == shared_label


@pytest.mark.parametrize("target", ["event_type", "factors"])
def test_covers_match_shared_tables(shared_tables, target):
    tax = taxonomy.load()
    for row, code in zip(shared_tables[target], tax.targets[target], strict=True):
        assert code.description.replace("-", "–") == row[2].replace("-", "–")


def test_harm_definitions_match(shared_tables):
    tax = taxonomy.load()
    for row, code in zip(shared_tables["harm"], tax.targets["harm"], strict=True):
        assert code.description == row[2]


def test_phi_placeholders_match_shared_text(shared_dir):
    md = (shared_dir / "taxonomy.md").read_text("utf-8")
    placeholder_line = md[md.index("Placeholders in redacted text") :]
    listed = re.findall(r"<([A-Z]+)>", placeholder_line.split(";")[0])
    assert tuple(listed) == taxonomy.load().phi_types


def test_expected_sizes():
    tax = taxonomy.load()
    assert [len(tax.codes(t)) for t in taxonomy.TARGETS] == [10, 3, 6, 10]


def test_harm_order_is_worst_first_with_unknown_unranked():
    tax = taxonomy.load()
    assert tax.ordered_harm == ("no_harm", "mild", "moderate", "severe", "death")
    assert tax.harm_rank("unknown") is None


@pytest.mark.parametrize(
    ("a", "b", "worse"),
    [
        ("mild", "severe", "severe"),
        ("death", "no_harm", "death"),
        ("moderate", "moderate", "moderate"),
        ("unknown", "mild", "mild"),
        ("no_harm", "unknown", "no_harm"),
    ],
)
def test_tie_rule_takes_the_worse(a, b, worse):
    assert taxonomy.load().worse_harm(a, b) == worse


def test_cfer_h_v2_mapping():
    tax = taxonomy.load()
    assert tax.cfer_h_v2("surgery_anesthesia") == ("surgery", "anesthesia")
    assert tax.cfer_h_v2("hai") == ("generic",)
    assert tax.cfer_h_v2("fall") == ("fall",)


def test_unknown_code_is_rejected():
    tax = taxonomy.load()
    assert not tax.is_valid("harm", "catastrophic")
    with pytest.raises(KeyError):
        tax.label("event_type", "nope")
