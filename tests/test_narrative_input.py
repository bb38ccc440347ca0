"""Bad narrative text gets a stable error code and never an echo of the text."""

from __future__ import annotations

import pytest

from triage.errors import InputError
from triage.pipelines.narrative_input import validate_narrative

PHI = "Walter Kaminski MRN 40917736"


@pytest.mark.parametrize(
    ("value", "limit", "code"),
    [
        ("", 100, "narrative_empty"),
        ("   \n\t  ", 100, "narrative_empty"),
        (PHI + " x" * 60, 100, "narrative_too_long"),
        (PHI.encode("utf-8") + b"\xff\xfe", 1000, "narrative_invalid_encoding"),
        (PHI + "\x00", 1000, "narrative_control_chars"),
        (PHI + "\x1b[31m", 1000, "narrative_control_chars"),
        (PHI + "\x7f", 1000, "narrative_control_chars"),
        (PHI + "\x85", 1000, "narrative_control_chars"),
        (PHI + "\ud800", 1000, "narrative_invalid_encoding"),
        (12345, 1000, "narrative_not_text"),
    ],
)
def test_bad_narratives_raise_with_code_and_no_text(
    value: object, limit: int, code: str
) -> None:
    with pytest.raises(InputError) as info:
        validate_narrative(value, limit)  # type: ignore[arg-type]
    assert info.value.code == code
    rendered = str(info.value) + repr(info.value.to_dict())
    for word in ("Walter", "Kaminski", "40917736"):
        assert word not in rendered


@pytest.mark.parametrize(
    "value",
    [
        "Pt fell at 0340.",
        "Line one\nline two\r\nwith\ttab",
        b"Pt fell.",
        "Ünïcödé names: José Ñúñez — ok",
        "x" * 1000,
    ],
)
def test_good_narratives_pass(value: str | bytes) -> None:
    out = validate_narrative(value, 1000)
    assert isinstance(out, str) and out.strip()
