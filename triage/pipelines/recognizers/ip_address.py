"""IPv4 and IPv6 addresses."""

from __future__ import annotations

import ipaddress

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer


class IpAddressRecognizer(SpanPatternRecognizer):
    """IP addresses, validated by the standard library (so 1.2.3 or 999.1.1.1 fail)."""

    ENTITY = "IP"
    PATTERNS = (
        Pattern(
            "ipv4",
            # not inside a slashed lab string ("ABG 80/48/7.45.34.7")
            r"(?<![\d./])(?P<phi>\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?!\d|\.\d)",
            0.85,
        ),
        Pattern(
            "ipv6",
            r"(?<![\w:])(?P<phi>(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}"
            r"(?::[0-9A-Fa-f]{1,4}){0,6})(?![\w:])",
            0.7,
        ),
    )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Not a valid address (or a time like 12:30:45)."""
        try:
            ipaddress.ip_address(pattern_text)
        except ValueError:
            return True
        return ":" in pattern_text and pattern_text.count(":") < 3
