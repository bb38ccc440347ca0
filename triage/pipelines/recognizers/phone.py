"""Phone, fax, pager and extension numbers."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer

_CUE = (
    r"(?i:\b(?:phone|ph|tel|telephone|cell|mobile|fax|pager|pgr|pg|beeper|bpr|ext"
    r"|extension|voalte|vocera|spectralink)\b\.?(?:[ \t]*(?:#|no\.?|number))?"
    r"[ \t]*[:#]?[ \t]*#?|\bx(?=\d{4}))"
)
# A phone word or phrase before a number written in any country's grouping
# ("Phone: 538 1247", "please call 0471 35 60 18", "Mobile: 04.72.18.63.50").
_LABEL = (
    r"(?i:\b(?:phone|ph|tel|telephone|cell|cellular|mobile|fax|desk|office|home|work"
    r"|pager|beeper|call(?:[ \t]+me)?(?:[ \t]+back)?(?:[ \t]+(?:at|on))?"
    r"|reach(?:[ \t]+me)?[ \t]+(?:at|on)|text(?:[ \t]+me)?[ \t]+(?:at|on)"
    r"|number(?:[ \t]+is)?|answering[ \t]+at|messages[ \t]+to|registered)\b"
    r"[ \t]*(?:#|no\.?|number)?[ \t]*[:#\-]*[ \t]*\n?[ \t]*)"
)


class PhoneRecognizer(SpanPatternRecognizer):
    """US phone and fax numbers, and short pager/extension numbers after their cue."""

    ENTITY = "PHONE"
    PATTERNS = (
        Pattern(
            "nanp",
            # a hyphen before is a separator ("HOME-410 538-2716"), a digit-hyphen not
            r"(?<![\d/.])(?<!\d-)(?P<phi>(?:\+?1[ \t.\-]?)?"
            r"(?:\(\d{3}\)[ \t]?|\d{3}[ \t.\-])"
            r"\d{3}[ \t.\-]\d{4})(?![\d\-/])",
            0.75,
        ),
        # ICU notes give pagers as "Page 48213" / "PAGE 5-3915" (never a time: five
        # digits or more, or the hospital's x-xxxx extension form)
        Pattern(
            "page_number",
            r"(?i:\bpage[ \t]*[:#]?[ \t]*)(?P<phi>\d{5,7}|\d{1,2}-\d{4})(?![\d\-/.])",
            0.6,
        ),
        # typed with a space after each hyphen: "212- 476- 8356"
        Pattern(
            "nanp_spaced_hyphens",
            r"(?<![\d/.\-])(?P<phi>[2-9]\d{2}-[ \t]\d{3}-[ \t]?\d{4})(?![\d\-/])",
            0.6,
        ),
        Pattern("nanp_plain", r"(?<![\d\-/.])(?P<phi>[2-9]\d{2}[2-9]\d{6})(?!\d)", 0.3),
        Pattern(
            "seven_digit",
            r"(?<![\d\-/.:])(?P<phi>[2-9]\d{2}-\d{4})(?![\d\-/])",
            # 500-1000 is a range: only with a phone word nearby (context boost)
            0.3,
        ),
        Pattern(
            "cued_short",
            rf"{_CUE}(?P<phi>\d{{4,7}}|\d{{1,3}}-\d{{4}})(?![\d/]|\.\d)",
            0.7,
        ),
        # spaCy counts "call" and "back" as stop words, so Presidio's context boost
        # never sees them: the call-back cue is part of the pattern instead
        Pattern(
            "call_back",
            r"(?i:\b(?:call(?:[ \t]*back)?|callback|reach(?:ed)?|contact)\b"
            r"[^\d\n]{0,12}?)"
            r"(?P<phi>[2-9]\d{2}-\d{4})(?![\d\-/])",
            0.7,
        ),
        Pattern(
            "labelled_any_grouping",
            # seven digits or more ("home 2-3 days", "work 10-12" are not phones)
            rf"{_LABEL}(?P<phi>(?=(?:[^\d\n]{{0,3}}\d){{7}})\(?\+?\d{{1,4}}\)?"
            r"(?:[ \t.\-]{1,2}\(?\d{2,5}\)?){1,5})"
            r"(?![\d/]|\.\d|[ \t.\-]\d)",
            0.65,
        ),
        # a number labelled after it: "082 517 4406-Office", "781 2265 office"
        Pattern(
            "any_grouping_labelled_after",
            r"(?<![\d\w+])(?P<phi>(?=(?:[^\d\n]{0,3}\d){7})\(?\+?\d{1,4}\)?"
            r"(?:[ \t.\-]{1,2}\(?\d{2,5}\)?){0,5})"
            r"(?=[ \t]*-?[ \t]*(?i:office|fax|mobile|cell|home|work|desk)\b)",
            0.65,
        ),
        # "312/604/8857", "04.72.18.63.50": separators no date or value uses
        Pattern(
            "slashed_or_dotted",
            r"(?<![\d/.\-])(?P<phi>\d{3}/\d{3}/\d{4}|\d{2}(?:\.\d{2}){4})(?![\d/.]\d)",
            0.6,
        ),
        Pattern(
            "international",
            r"(?<![\w+])(?P<phi>\+\d{1,3}[ \t.\-]?\(?\d{1,4}\)?"
            r"(?:[ \t.\-]?\d{2,4}){2,4})"
            r"(?!\d)",
            0.6,
        ),
    )
    CONTEXT = (
        "phone",
        "tel",
        "cell",
        "fax",
        "pager",
        "call",
        "number",
        "contact",
        "home",
        "work",
        "reached",
        "ext",
        "#",
    )

    def accept(self, text: str, start: int, end: int) -> bool:
        """A cue-less 'x1234' is a multiplier (x3), so require four digits or more."""
        return sum(c.isdigit() for c in text[start:end]) >= 4
