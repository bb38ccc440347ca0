"""Convert hand-written narratives in inline PHI markup into records with exact offsets.

The authoring format is described in corpora/synthetic/handwritten/FORMAT.md:
a header ``=== id | event_type | event_kind | harm | factors`` then the body, with PHI
written as ``[[TYPE:surface]]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from triage.corpus.records import PhiSpan, Record, validate
from triage.errors import CorpusError

_HEADER = re.compile(r"^===\s*(.*)$")
_MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]", re.DOTALL)


def strip_markup(marked: str) -> tuple[str, tuple[PhiSpan, ...]]:
    """Plain text and the PHI spans of a marked-up body."""
    out: list[str] = []
    spans: list[PhiSpan] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group(2)
        if surface != surface.strip() or "[[" in surface:
            raise CorpusError(
                "markup_invalid", "PHI markup has outer spaces or nesting"
            )
        spans.append(PhiSpan(m.group(1), length, length + len(surface)))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise CorpusError("markup_invalid", "unbalanced [[ ]] markup")
    return text, tuple(spans)


def parse_blocks(content: str, origin: str = "<string>") -> Iterator[Record]:
    """Records of one authoring file's content."""
    header: str | None = None
    body: list[str] = []
    lineno = 0
    header_line = 0

    def flush() -> Record | None:
        if header is None:
            return None
        fields = [f.strip() for f in header.split("|")]
        if len(fields) != 5:
            raise CorpusError(
                "markup_invalid", f"{origin}:{header_line}: header needs 5 fields"
            )
        rid, event_type, event_kind, harm, factors = fields
        text, spans = strip_markup("\n".join(body).strip("\n").strip())
        rec = Record(
            id=rid,
            text=text,
            event_type=event_type,
            event_kind=event_kind,
            harm=harm,
            factors=tuple(f.strip() for f in factors.split(",") if f.strip()),
            phi=spans,
            source="handwritten",
        )
        problems = validate(rec)
        if problems:
            raise CorpusError(
                "markup_invalid",
                f"{origin}:{header_line} {rid}: " + "; ".join(problems),
            )
        return rec

    for lineno, line in enumerate(content.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            rec = flush()
            if rec:
                yield rec
            header, body, header_line = m.group(1), [], lineno
        elif header is not None:
            body.append(line)
        elif line.strip() and not line.startswith("#"):
            raise CorpusError(
                "markup_invalid", f"{origin}:{lineno}: text outside a block"
            )
    rec = flush()
    if rec:
        yield rec


def read_handwritten(folder: Path) -> list[Record]:
    """Every hand-written record under folder (files *.txt, sorted), ids unique."""
    records: list[Record] = []
    for path in sorted(folder.glob("*.txt")):
        records.extend(parse_blocks(path.read_text(encoding="utf-8"), path.name))
    ids = [r.id for r in records]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CorpusError("markup_invalid", f"duplicate ids: {', '.join(dupes[:5])}")
    return records
