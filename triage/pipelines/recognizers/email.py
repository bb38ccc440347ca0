"""Email addresses, by pattern alone (no public-suffix download)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer


class EmailRecognizer(SpanPatternRecognizer):
    """Email addresses (Presidio's own needs tldextract's online suffix list)."""

    ENTITY = "EMAIL"
    PATTERNS = (
        Pattern(
            "email",
            r"(?<![\w.+\-])(?P<phi>[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+"
            r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24})\b",
            0.95,
        ),
    )
