"""Inline PHI markup converts to text with exact offsets; bad markup is refused."""

from __future__ import annotations

import pytest

from triage.corpus.markup import parse_blocks, strip_markup
from triage.errors import CorpusError


@pytest.mark.parametrize(
    ("marked", "text", "spans"),
    [
        ("no phi here", "no phi here", []),
        (
            "RN [[PERSON:K. Moore]] called",
            "RN K. Moore called",
            [("PERSON", "K. Moore")],
        ),
        (
            "[[PERSON:Rose]] on [[DATE:3/14/2024]], MRN [[ID:00482913]]",
            "Rose on 3/14/2024, MRN 00482913",
            [("PERSON", "Rose"), ("DATE", "3/14/2024"), ("ID", "00482913")],
        ),
        (
            "[[AGE:92]] yo in rm [[LOCATION:412]]",
            "92 yo in rm 412",
            [("AGE", "92"), ("LOCATION", "412")],
        ),
        (
            "line one\n[[PERSON:Hope]]\nline 3",
            "line one\nHope\nline 3",
            [("PERSON", "Hope")],
        ),
    ],
)
def test_strip_markup_offsets_are_exact(marked, text, spans):
    plain, found = strip_markup(marked)
    assert plain == text
    assert [(s.type, plain[s.start : s.end]) for s in found] == spans


@pytest.mark.parametrize("marked", ["[[PERSON:Kim", "Kim]] said", "[[PERSON: Kim]]"])
def test_bad_markup_is_refused(marked):
    with pytest.raises(CorpusError):
        strip_markup(marked)


BLOCKS = """# a comment
=== hw-fall-001 | fall | incident | mild | patient_factors, environment
Pt found on floor by RN [[PERSON:K. Moore]].
Ice applied.

=== hw-fall-002 | fall | near_miss | no_harm |
Near fall, caught by PT.
"""


def test_parse_blocks_reads_labels_and_body():
    recs = list(parse_blocks(BLOCKS))
    assert [r.id for r in recs] == ["hw-fall-001", "hw-fall-002"]
    first = recs[0]
    assert first.text == "Pt found on floor by RN K. Moore.\nIce applied."
    assert first.factors == ("patient_factors", "environment")
    assert first.harm == "mild"
    assert recs[1].factors == ()
    assert first.text[first.phi[0].start : first.phi[0].end] == "K. Moore"


@pytest.mark.parametrize(
    "header",
    [
        "=== x | fall | incident | mild",  # four fields
        "=== x | falls | incident | mild |",  # bad event_type
        "=== x | fall | near_miss | mild |",  # near miss must be no_harm
        "=== x | fall | incident | mild | luck",  # bad factor
    ],
)
def test_bad_headers_are_refused(header):
    with pytest.raises(CorpusError):
        list(parse_blocks(header + "\nsome text\n"))


def test_text_outside_a_block_is_refused():
    with pytest.raises(CorpusError):
        list(parse_blocks("stray text\n=== x | fall | incident | mild |\nbody\n"))
