"""The committed corpus: valid records, exact offsets, coverage, no drift."""

from __future__ import annotations

from collections import Counter

import pytest

from triage import taxonomy
from triage.corpus.build import CorpusConfig, assemble, read_splits
from triage.corpus.markup import read_handwritten
from triage.corpus.records import validate
from triage.corpus.stats import distinct_trigram_ratio


@pytest.fixture(scope="module")
def splits(corpus_root):
    return read_splits(corpus_root)


@pytest.fixture(scope="module")
def handwritten(corpus_root):
    return read_handwritten(corpus_root / "handwritten")


def test_committed_splits_equal_a_fresh_build(corpus_root, splits):
    fresh = assemble(CorpusConfig.load(corpus_root))
    for name in ("train", "dev", "test"):
        assert [r.to_json() for r in splits[name]] == [
            r.to_json() for r in fresh[name]
        ], name


def test_every_record_is_valid_and_ids_are_unique(splits):
    all_records = [r for part in splits.values() for r in part]
    assert all(validate(r) == [] for r in all_records)
    ids = [r.id for r in all_records]
    assert len(ids) == len(set(ids))


def test_phi_offsets_are_exact(splits, corpus_root):
    # The markup converter recorded the surface; offsets must reproduce it.
    marked = (corpus_root / "handwritten").glob("*.txt")
    surfaces = Counter()
    for path in marked:
        import re

        surfaces.update(
            m.group(2) for m in re.finditer(r"\[\[([A-Z]+):(.+?)\]\]", path.read_text())
        )
    found = Counter(
        r.text[p.start : p.end]
        for part in splits.values()
        for r in part
        if r.source == "handwritten"
        for p in r.phi
    )
    assert found == surfaces


def test_splits_are_disjoint_in_ids_and_texts(splits):
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for part in splits.values():
        ids = {r.id for r in part}
        texts = {r.text for r in part}
        assert not ids & seen_ids and not texts & seen_texts
        seen_ids |= ids
        seen_texts |= texts


def test_handwritten_seed_coverage(handwritten):
    tax = taxonomy.load()
    assert len(handwritten) >= 400
    assert len({r.text for r in handwritten}) == len(handwritten)
    types = Counter(r.event_type for r in handwritten)
    assert all(types[c] >= 30 for c in tax.codes("event_type")), types
    harms = Counter(r.harm for r in handwritten)
    assert all(harms[c] >= 10 for c in tax.codes("harm")), harms
    factors = Counter(f for r in handwritten for f in r.factors)
    assert all(factors[c] >= 40 for c in tax.codes("factors")), factors
    kinds = Counter(r.event_kind for r in handwritten)
    assert all(kinds[c] >= 30 for c in tax.codes("event_kind")), kinds
    phi = Counter(p.type for r in handwritten for p in r.phi)
    assert all(phi[c] >= 5 for c in tax.phi_types), phi


def test_handwritten_variety(handwritten):
    assert distinct_trigram_ratio([r.text for r in handwritten]) > 0.9
    lengths = sorted(len(r.text.split()) for r in handwritten)
    assert lengths[0] <= 30 and lengths[-1] >= 200


def test_every_code_in_every_split(splits):
    tax = taxonomy.load()
    for name, part in splits.items():
        for target in taxonomy.SINGLE_LABEL_TARGETS:
            assert set(tax.codes(target)) <= {getattr(r, target) for r in part}, (
                name,
                target,
            )
        assert set(tax.codes("factors")) <= {f for r in part for f in r.factors}, name


def test_split_sizes(splits):
    sizes = {k: len(v) for k, v in splits.items()}
    total = sum(sizes.values())
    assert abs(sizes["train"] / total - 0.6) < 0.02
    assert abs(sizes["test"] / total - 0.2) < 0.02
