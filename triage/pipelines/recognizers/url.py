"""URLs and bare web domains."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

_TLD = r"(?i:com|org|net|edu|gov|mil|io|info|biz|health|uk|ca|au)"


class UrlRecognizer(SpanPatternRecognizer):
    """http(s) and www. addresses, and bare domains with a common top-level domain."""

    ENTITY = "URL"
    PATTERNS = (
        Pattern(
            "scheme_url",
            r"(?P<phi>(?i:https?|ftp)://[^\s<>\"']+[^\s<>\"'.,;:)!?])",
            0.95,
        ),
        Pattern("www_url", r"(?P<phi>(?i:www)\.[^\s<>\"']+[^\s<>\"'.,;:)!?])", 0.9),
        Pattern(
            "bare_domain",
            rf"(?<![@\w.\-])(?P<phi>[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*\.{_TLD}"
            r"(?:/[^\s<>\"']*[^\s<>\"'.,;:)!?])?)(?![\w@\-]|\.\w)",
            0.6,
        ),
    )
