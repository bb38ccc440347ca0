"""Payment card numbers: 13-19 digits, optionally grouped, that pass the Luhn check."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum every payment card number satisfies."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class CardNumberRecognizer(SpanPatternRecognizer):
    """'4528713066291843', '4111 1111 1111 1111' (ID): the Luhn check rejects the
    random long numbers of monitors and lab systems nine times in ten."""

    ENTITY = "ID"
    PATTERNS = (
        Pattern(
            "card",
            r"(?<![\d\-/.])(?P<phi>\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{1,7})"
            r"(?![\d\-/]|\.\d)",
            0.6,
        ),
    )

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """Not a card: wrong length or a failed Luhn check."""
        digits = "".join(c for c in pattern_text if c.isdigit())
        return not (13 <= len(digits) <= 19 and luhn_ok(digits))
