"""The leak gate finds PHI left after redaction, never inside placeholders."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from triage.pipelines import deid_config
from triage.pipelines.deidentify import Deidentifier
from triage.pipelines.leak_gate import find_leaks


@pytest.mark.parametrize(
    ("redacted", "expected"),
    [
        ("call 410-555-1234 now", [("PHONE", "410-555-1234")]),
        ("mail a.b@x.org", [("EMAIL", "a.b@x.org")]),
        (
            "MRN 00482913 and SSN 123-45-6789",
            [("ID", "00482913"), ("ID", "123-45-6789")],
        ),
        (
            "seen 3/14/2024 and March 3, 2024",
            [("DATE", "3/14/2024"), ("DATE", "March 3, 2024")],
        ),
        ("notified Dr. Foley", [("PERSON", "Foley")]),
        ("notified Dr. <PERSON_1> on <DATE_2>, MRN <ID_1>", []),
        ("Dr. aware; RN notified; Foley in place; POD 2 at 0340", []),
        # ventilator strings are no dates, as in the date recognizer (is_setting)
        ("on A/C 550x12/5/40% overnight", []),
        ("now PSV 10/5/35 % tol well", []),
        ("Placed back on vent 12/8/60 this am", []),
        ("SETTINGS 14/5/45 UNCHANGED", []),
        ("born 12/5/40 per daughter", [("DATE", "12/5/40")]),
        ("vent since 2/11/2024 via trach", [("DATE", "2/11/2024")]),
        # NP is nasal prongs too: charting words after it (or RN) are no names
        ("RESP: 3L NP LUNGS CLEAR", []),
        ("sat 97% on 2L NP. Lungs coarse", []),
        ("line pulled by NP Pressure held", []),
        ("paged NP Quennell re K", [("PERSON", "Quennell")]),
        ("NP Grace aware", [("PERSON", "Grace")]),
        ("per Dr. Small, hold", [("PERSON", "Small")]),
    ],
)
def test_find_leaks(redacted: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, redacted[s:e]) for t, s, e in find_leaks(redacted)] == expected


@pytest.fixture(scope="module")
def names_only() -> Deidentifier:
    """A deliberately weak de-identifier (names only) so the gate has work to do."""
    cfg = dataclasses.replace(
        deid_config.load(),
        pretrained_enabled=False,
        trained_enabled=False,
        recognizers=("RelativeNameRecognizer",),
    )
    return Deidentifier(cfg)


def test_gate_redacts_and_flags(
    names_only: Deidentifier, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Daughter Maria gave MRN 00482913 and phone 410-555-1234; Dr. Okafor aware."
    with caplog.at_level(logging.DEBUG):
        r = names_only.redact(text)
    assert r.flags == ("phi_review",)
    for value in ("Maria", "00482913", "410-555-1234", "Okafor"):
        assert value not in r.redacted_text
        assert value not in caplog.text
    types = {e.type for e in r.entities}
    assert {"PERSON", "ID", "PHONE"} <= types
    for e in r.entities:
        assert text[e.start : e.end] in ("Maria", "00482913", "410-555-1234", "Okafor")


def test_clean_redaction_is_not_flagged(names_only: Deidentifier) -> None:
    r = names_only.redact("Daughter Maria at bedside, pt calm.")
    assert r.flags == ()
    assert r.redacted_text == "Daughter <PERSON_1> at bedside, pt calm."
