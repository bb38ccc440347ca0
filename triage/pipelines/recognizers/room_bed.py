"""Room, bed and bay numbers (the number only): "rm 412", "bed 12B", "bay 3"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from triage.pipelines.recognizers.base import SpanPatternRecognizer


class RoomBedRecognizer(SpanPatternRecognizer):
    """The number after room/bed/bay words; unit types such as "OR 3" are not PHI."""

    ENTITY = "LOCATION"
    PATTERNS = (
        Pattern(
            "room_bed",
            r"(?i:\b(?:rm|room|rooms|bed|beds|bay|cubicle|cube|stretcher|crib|isolette"
            r"|stall)\b\.?)[ \t]*(?:#|no\.?|number)?[ \t]*"
            r"(?P<phi>\d{1,4}[A-Za-z]?(?:-\d{1,2}[A-Za-z]?|-[A-Za-z])?|[A-Za-z]\d{1,3}|[A-H]\b)"
            r"(?![\d.:%/]|[ \t]*(?i:mg|ml|min|hours?|hrs?|days?|x\b|times|%|am|pm|cm))",
            0.7,
        ),
        Pattern(
            "room_and",
            r"(?i:\b(?:rm|room|rooms|bed|beds)\b\.?)[ \t]*\d{1,4}[A-Za-z]?[ \t]*"
            r"(?:and|&|/|,)[ \t]*(?P<phi>\d{1,4}[A-Za-z]?)\b",
            0.6,
        ),
    )
