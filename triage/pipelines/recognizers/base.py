"""The shared base of the project's pattern recognizers: regex with a `phi` group.

Presidio's PatternRecognizer reports the whole match and matches case-insensitively by
default. Our gold spans exclude titles and context words ("Dr. [Okafor]", "MRN
[00482913]"), and name patterns need case, so each pattern here may mark the part to
report with a named group ``phi``; the rest of the match is required context.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts


def pattern_name(result: RecognizerResult) -> str:
    """The pattern that produced a pattern recognizer's result ("" if none)."""
    explanation = result.analysis_explanation
    return (explanation.pattern_name if explanation else None) or ""


class RuleRecognizer(EntityRecognizer):
    """A recognizer of one entity type whose rules live in code and lazy gazetteers."""

    NAME = ""
    ENTITY = ""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], name=self.NAME, supported_language="en"
        )

    def load(self) -> None:
        """Nothing to load: the gazetteers are read lazily and cached."""

    def result(
        self, start: int, end: int, score: float, explanation: str
    ) -> RecognizerResult:
        """One result of this recognizer's entity, attributed to it."""
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.NAME,
                original_score=score,
                textual_explanation=explanation,
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


class SpanPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer whose patterns report their `phi` group, case-sensitively."""

    PATTERNS: Sequence[Pattern] = ()
    CONTEXT: Sequence[str] = ()
    ENTITY = ""
    FLAGS = regex.MULTILINE
    # Patterns searched at every start position: a rejected match ("BY GLOVER RN")
    # must not hide the one inside it ("GLOVER RN").
    OVERLAPPED: frozenset[str] = frozenset()

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
    ) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            patterns=patterns if patterns is not None else list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=self.FLAGS,
        )
        self._compiled = [
            (p, regex.compile(p.regex, flags=self.FLAGS)) for p in self._patterns()
        ]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Spans of each pattern's `phi` group (or match) that pass validation."""
        results: list[RecognizerResult] = []
        for pattern, compiled in self._compiled:
            overlapped = pattern.name in self.OVERLAPPED
            for m in compiled.finditer(text, overlapped=overlapped):
                start, end = m.span("phi") if "phi" in compiled.groupindex else m.span()
                if start < 0 or end <= start:
                    continue
                value = text[start:end]
                if (
                    self.invalidate_result(value)
                    or self.validate_result(value) is False
                ):
                    continue
                if not self.accept(text, start, end):
                    continue
                explanation = AnalysisExplanation(
                    recognizer=self._name(),
                    original_score=pattern.score,
                    pattern_name=pattern.name,
                    pattern=pattern.regex,
                )
                results.append(
                    RecognizerResult(
                        entity_type=self.ENTITY,
                        start=start,
                        end=end,
                        score=pattern.score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self._name(),
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return results

    def _patterns(self) -> list[Pattern]:
        return list(getattr(self, "patterns", []))

    def _name(self) -> str:
        return str(getattr(self, "name", type(self).__name__))

    def invalidate_result(self, pattern_text: str) -> bool | None:
        """True when the matched value is certainly not PHI (override me)."""
        return False

    def accept(self, text: str, start: int, end: int) -> bool:
        """A last check with the whole text at hand (override for look-around rules)."""
        return True
