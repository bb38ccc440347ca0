"""Names made of known given names and surnames, with no title or cue needed.

"Syreeta Gould", "COVERING TEAM TARA SIHVONEN", "follow up with amarilis delattre",
"Almaraz and Murphy", "Why is Pamelia so restless?". The NER proposes most names;
this recognizer covers the ones it misses off-style (ALL CAPS, lower case, names in
lists), with rules by the text's style so clinical words are not names.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import name_gazetteer
from triage.pipelines.english_words import is_english_word
from triage.pipelines.recognizers.base import RuleRecognizer
from triage.pipelines.recognizers.name_parts import NOT_NAME_WORDS
from triage.pipelines.text_style import style

_WORD = regex.compile(r"[\p{L}][\p{L}'’\-]*")
# what may stand between two words of one name: a space, or a middle initial
_GAP_NAME = regex.compile(r"[ \t]+(?:\p{Lu}\.?[ \t]+)?")
# a lone name is written plainly: "Pamelia", not "PaCO" or "LEs"
_PLAIN_TITLE = regex.compile(r"\p{Lu}\p{Ll}+(?:['’\-]\p{Lu}?\p{Ll}+)?")
_GAP_COMMA = regex.compile(r"[ \t]*,[ \t]*")
_GAP_SPACE = regex.compile(r"[ \t]+")
_PLACE_KIND = frozenset(
    [
        "hospital",
        "hosp",
        "medical",
        "center",
        "centre",
        "clinic",
        "health",
        "street",
        "avenue",
        "road",
        "tower",
        "pavilion",
        "wing",
        "manor",
        "county",
        "city",
        "house",
        "hall",
        "campus",
        "building",
        "university",
        "college",
        "school",
        "inc",
        "llc",
        "corp",
        "company",
    ]
)
SCORE_FULL = 0.6
SCORE_SINGLE = 0.45


@lru_cache(maxsize=1)
def _blocked() -> frozenset[str]:
    # clinical and ordinary words never count as names, whatever a list says
    return frozenset({*NOT_NAME_WORDS, *allow_list_mod.load().words, *_PLACE_KIND})


def _norm(word: str) -> str:
    return word.strip(".'’-").lower()


def _given(word: str) -> bool:
    w = _norm(word)
    return len(w) >= 3 and w in name_gazetteer.first_names() and w not in _blocked()


def _family(word: str) -> bool:
    w = _norm(word)
    return (
        len(w) >= 3
        and (w in name_gazetteer.last_names() or w in name_gazetteer.first_names())
        and w not in _blocked()
    )


def _surname(word: str) -> bool:
    w = _norm(word)
    return len(w) >= 3 and w in name_gazetteer.last_names() and w not in _blocked()


def _title(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word[1:])


def _caps(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _free(word: str) -> bool:
    """A capitalised word that is no clinical or ordinary word."""
    return _norm(word) not in _blocked()


def _next_member(text: str, words: list[tuple[int, int]], k: int) -> int | None:
    """The next list member after words[k] ("A, B", "A and B", "A, and B")."""
    if k + 1 >= len(words):
        return None
    gap = text[words[k][1] : words[k + 1][0]]
    if _GAP_COMMA.fullmatch(gap):
        k += 1
        if text[words[k][0] : words[k][1]].lower() in ("and", "or"):
            if k + 1 >= len(words) or not _GAP_SPACE.fullmatch(
                text[words[k][1] : words[k + 1][0]]
            ):
                return None
            k += 1
        return k
    if _GAP_SPACE.fullmatch(gap) and k + 2 < len(words):
        joiner = text[words[k + 1][0] : words[k + 1][1]].lower()
        if joiner in ("and", "or") and _GAP_SPACE.fullmatch(
            text[words[k + 1][1] : words[k + 2][0]]
        ):
            return k + 2
    return None


class KnownNameRecognizer(RuleRecognizer):
    """PERSON spans built from the name gazetteer, by the text's case style.

    * mixed case: a known given name in Title case followed by a Title-case (or
      ALL-CAPS) surname ("Syreeta Gould", "Odile R Vantrelle"); a lone known given
      name in Title case ("Why is Pamelia"); Title-case lists where known names are
      most of the members ("Almaraz and Murphy").
    * ALL CAPS or lower case (and lower-case words anywhere): a known given name
      followed by a known surname ("TARA SIHVONEN", "amarilis delattre"), and lists
      of known given names ("jordan and ishaan").
    """

    NAME = "KnownNameRecognizer"
    ENTITY = "PERSON"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """PERSON results for given+surname pairs, lone given names and name lists."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        mixed = style(text) == "mixed"
        spans: list[tuple[int, int, float]] = []
        i = 0
        while i < len(words):
            found = self._pair(text, words, i, mixed)
            if found:
                spans.append((words[i][0], words[found][1], SCORE_FULL))
                i = found + 1
                continue
            i += 1
        spans += self._lists(text, words, mixed)
        if mixed:
            spans += self._singles(text, words, spans)
        return [self._result(a, b, s) for a, b, s in spans]

    @staticmethod
    def _pair(text: str, words: list[tuple[int, int]], i: int, mixed: bool) -> int:
        """Index of the surname word when words[i] starts a given+surname name."""
        if i + 1 >= len(words):
            return 0
        first = text[words[i][0] : words[i][1]]
        given = _given(first)
        # mixed case: an unknown Title-case given name before a known surname
        # ("Velmar Jayaraman", "Brannock Pintor") counts too
        foreign = (
            mixed
            and bool(_PLAIN_TITLE.fullmatch(first))
            and _free(first)
            and not is_english_word(first)
        )
        if not given and not foreign:
            return 0
        j = i + 1
        gap = text[words[i][1] : words[j][0]]
        if len(text[words[j][0] : words[j][1]]) == 1 and j + 1 < len(words):
            j += 1  # a middle initial
            gap = text[words[i][1] : words[j][0]]
        if not _GAP_NAME.fullmatch(gap):
            return 0
        last = text[words[j][0] : words[j][1]]
        if not given:
            ok = bool(_PLAIN_TITLE.fullmatch(last)) and _surname(last)
            return j if ok else 0
        if is_english_word(first) and is_english_word(last) and not _surname(last):
            return 0  # "Baby Girl", "ORAL CLEAR", "red marks"; "Yusuf Gould" is a name
        if mixed and _title(first):
            ok = (_title(last) or _caps(last)) and _free(last) and len(last) >= 2
            # "Kevin Said" no; "Syreeta Gould", "Tara Brewer" yes
            return j if ok and (_family(last) or not is_english_word(last)) else 0
        same_case = (first.isupper() and last.isupper()) or (
            first.islower() and last.islower()
        )
        # off mixed case the surname carries the evidence: a word is no surname here
        # ("fem aline"), a known given name before a known surname is ("tara sihvonen")
        ok = same_case and _family(last) and not is_english_word(last)
        return j if ok else 0

    @staticmethod
    def _lists(
        text: str, words: list[tuple[int, int]], mixed: bool
    ) -> list[tuple[int, int, float]]:
        """Members of 'A, B and C' lists whose members are mostly known names."""
        out: list[tuple[int, int, float]] = []
        i = 0
        while i < len(words):
            members = [i]
            while True:
                nxt = _next_member(text, words, members[-1])
                if nxt is None:
                    break
                members.append(nxt)
            i = members[-1] + 1
            if len(members) < 2:
                continue
            values = [text[words[k][0] : words[k][1]] for k in members]
            plain = sum(not is_english_word(v) for v in values)
            if mixed and all(_title(v) for v in values):
                known = sum(_family(v) for v in values)
                if (
                    all(_free(v) for v in values)
                    and known * 2 >= len(values)
                    and plain * 2 >= len(values)
                ):
                    out += [(words[k][0], words[k][1], SCORE_SINGLE) for k in members]
            elif all(v.islower() or v.isupper() for v in values) and all(
                _given(v) for v in values
            ):
                out += [(words[k][0], words[k][1], SCORE_SINGLE) for k in members]
        return out

    @staticmethod
    def _singles(
        text: str, words: list[tuple[int, int]], taken: list[tuple[int, int, float]]
    ) -> list[tuple[int, int, float]]:
        """Lone Title-case given names in mixed-case text ("Why is Pamelia so")."""
        covered = {(a, b) for a, b, _ in taken}
        out: list[tuple[int, int, float]] = []
        for k, (a, b) in enumerate(words):
            word = text[a:b]
            if (
                not _PLAIN_TITLE.fullmatch(word)
                or not _given(word)
                or is_english_word(word)
            ):
                continue  # "Comfort", "Oral", "Baby" are words before they are names
            if any(a >= s and b <= e for s, e in covered):
                continue
            nxt = text[words[k + 1][0] : words[k + 1][1]] if k + 1 < len(words) else ""
            if _norm(nxt) in _PLACE_KIND:
                continue  # "Mercy Hospital", "Johnson County"
            out.append((a, b, SCORE_SINGLE))
        return out

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return self.result(start, end, score, "known name")
