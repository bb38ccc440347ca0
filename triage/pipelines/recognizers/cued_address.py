"""Addresses in any country's format, after an address cue or by their shape.

"Billing address: Laura Benton 41822 Kaskitie 19 Apt. 318 KUOPIO SK 70420",
"lives at 318 kirkebakken 7, vilsund c", "PSC 2291, Box 7705 APO AE 09384". The
US street recognizer wants a street suffix (St, Ave); European streets put the house
number after the name and have no suffix word.
"""

from __future__ import annotations

import regex
from presidio_analyzer import AnalysisExplanation, Pattern, RecognizerResult

from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import SpanPatternRecognizer

# What says "an address follows": the rest of the line (or sentence) is the address.
_CUE = (
    r"(?i:\b(?:(?:billing|mailing|home|new|street|postal)[ \t]+)?address"
    r"(?:[ \t]+(?:is|with|to[ \t]+the[ \t]+same|on[ \t]+file))?[ \t]*:?[ \t]*"
    r"(?:it[ \t]+is[ \t]+)?"
    r"|\blives?[ \t]+at[ \t]+|\bliving[ \t]+at[ \t]+|\blocated[ \t]+at[ \t]+"
    r"|\boffice[ \t]+is[ \t]+at[ \t]+|\bmeet[ \t]+me[ \t]+at[ \t]+"
    r"|\bdrops?[ \t]+you[ \t]+off[ \t]+at[ \t]+|\bresides?[ \t]+at[ \t]+)"
)
# the address itself: up to the end of the line or sentence, at most ~100 characters
_BODY = r"[^\n?!;|]{4,100}?"
_END = r"(?=[ \t]*(?:$|\n|[?!;|(]|\.(?:[ \t]+\p{Lu}|[ \t]*$)))"


class CuedAddressRecognizer(SpanPatternRecognizer):
    """Whole addresses after 'address:' / 'lives at', European streets, APO/FPO."""

    ENTITY = "LOCATION"
    PATTERNS = (
        # "Kaskitie 19", "Via Gallina 14": a postcode, a non-English Title-case name
        # and a house number, then a unit, "City 12345" or ", City"
        Pattern("after_cue", rf"{_CUE}(?P<phi>{_BODY}){_END}", 0.55),
        Pattern(
            "number_after_street",
            r"(?<![\w/.\-:])\d{3,6}[ \t]+(?P<phi>(?:(?i:ul\.|via|rua|rue|calle)[ \t]+)?"
            r"\p{Lu}\p{Ll}{3,}(?:[ \t]+\p{Lu}\p{Ll}+)?[ \t]+\d{1,4}[a-zA-Z]?\.?)"
            r"(?=[ \t]*(?:,[ \t]*\p{Lu}\p{Ll}|[ \t]+(?:Apt|Suite|Ste|Unit|APT|SUITE)\b"
            r"|[ \t]+\p{Lu}[\p{L}\-]+(?:[ \t]+\p{Lu}[\p{L}\-]+)?[ \t]+\d{4,5}\b))",
            0.5,
        ),
        Pattern(
            "military",
            # a unit number or a ship's name: "USS Vandermeer FPO AE 09384"
            r"(?P<phi>(?:(?:PSC|Unit|USNS|USS|USCGC)[ \t]+\d{3,5}"
            r"|(?:USNS|USS|USCGC)[ \t]+\p{Lu}[\p{L}'’\-]+(?:[ \t]+\p{Lu}[\p{L}'’\-]+)?)"
            r"(?:,[ \t]*Box[ \t]+\d{3,5})?"
            r"[ \t\n,]+(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})",
            0.8,
        ),
    )
    CONTEXT = ("address", "lives", "street")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # type: ignore[no-untyped-def]
        """As the base, plus address blocks written one part per line."""
        out = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if "\n" in text:
            pattern = self._compiled[0][0]
            for start, end in address_block_lines(text):
                out.append(self._block_result(start, end, pattern))
        return out

    def _block_result(self, start: int, end: int, pattern: Pattern) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=0.55,
            analysis_explanation=AnalysisExplanation(
                recognizer=type(self).__name__,
                original_score=0.55,
                pattern_name="address_block",
                pattern=pattern.regex,
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def accept(self, text: str, start: int, end: int) -> bool:
        """An address has a digit; a street name is no English word ("Room 12")."""
        value = text[start:end]
        if not any(c.isdigit() for c in value):
            return False
        first = regex.match(r"[\p{L}'’\-]+", value)
        if first and value[:1].isupper() and is_english_word(first.group()):
            # "Bed 12", "Room 4": an English word before the number is no street,
            # unless a cue introduced the whole address
            return bool(regex.search(rf"{_CUE}$", text[max(0, start - 40) : start]))
        return value[:1].isdigit() or value[:1].isupper()


_LINE = regex.compile(r"[^\n]*")
# a street line: "41822 Kaskitie 19", "5510 Vilsundvej 3 Apt. 318", "12 Oak St"
_STREET_LINE = regex.compile(
    r"\d{1,6}[ \t]+(?:\p{Lu}[\p{L}'’.\-]*[ \t]*){1,3}(?:\d{1,4}[a-zA-Z]?\.?)"
    r"(?:[ \t]+(?:Apt|Suite|Ste|Unit)\.?[ \t]*\w+)?"
)
_ZIP_LINE = regex.compile(r"(?:\p{Lu}[\p{L}'’.\-]*[ \t]*){0,3}\d{4,5}(?:-\d{3,4})?")
_PART_LINE = regex.compile(
    r"(?:(?:Apt|Suite|Ste|Unit)\.?[ \t]*\w+|(?:\p{Lu}[\p{L}'’.\-]*[ \t]*){1,3})"
)


def address_block_lines(text: str) -> list[tuple[int, int]]:
    """Lines of an address written one part per line, from its street line on.

    A block is consecutive short lines (blank lines allowed between) whose first
    part is a street line and which ends in a ZIP/postcode line; each part line
    between is a unit or a few capitalised words.
    """
    lines = [
        (m.start() + len(m.group()) - len(m.group().lstrip()), m.end())
        for m in _LINE.finditer(text)
    ]
    lines = [(a, a + len(text[a:b].rstrip())) for a, b in lines]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        value = text[a:b]
        street = _STREET_LINE.search(value)
        if not street or street.end() != len(value) or not _street_word(value):
            i += 1
            continue
        block = [(a + street.start(), b)]
        j = i + 1
        while j < len(lines) and len(block) < 6:
            c, d = lines[j]
            part = text[c:d]
            if not part:
                j += 1
                continue
            if len(part) > 40 or not (
                _PART_LINE.fullmatch(part) or _ZIP_LINE.fullmatch(part)
            ):
                break
            block.append((c, d))
            j += 1
        while block and not _ZIP_LINE.fullmatch(text[block[-1][0] : block[-1][1]]):
            block.pop()
        if len(block) >= 3:
            out.extend(block)
            i = j
        else:
            i += 1
    return out


def _street_word(line: str) -> bool:
    """The street name is no English word ("1200 Dose 2" is no address)."""
    words = regex.findall(r"\p{L}[\p{L}'’\-]+", line)
    return bool(words) and not is_english_word(words[0])
