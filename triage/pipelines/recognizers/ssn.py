"""US Social Security numbers (ID), written with dashes or announced by their label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer


class SsnRecognizer(SpanPatternRecognizer):
    """SSNs: 123-45-6789 anywhere, 9 bare digits only after "SSN"/"social security"."""

    ENTITY = "ID"
    PATTERNS = (
        Pattern("ssn_dashed", r"(?<![\d\-])(?P<phi>\d{3}-\d{2}-\d{4})(?![\d\-])", 0.8),
        Pattern(
            "ssn_labelled",
            r"(?i:\b(?:ssn|ss\s?#|social\s+security(?:\s+(?:number|no|#))?)\b\.?)"
            r"[ \t]*[:#]?[ \t]*(?P<phi>\d{3}[ \-.]?\d{2}[ \-.]?\d{4})\b",
            0.9,
        ),
    )
    CONTEXT = ("ssn", "social", "security")

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Numbers the SSA never issues (area 000, 666, 9xx; group 00; serial 0000)."""
        d = "".join(c for c in pattern_text if c.isdigit())
        return (
            d[:3] in ("000", "666") or d[0] == "9" or d[3:5] == "00" or d[5:] == "0000"
        )
