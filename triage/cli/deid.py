"""Click commands `deid` (redact a JSONL file) and `evaluate_deid` (score against gold).

The lead wires them in as `triage deid` and `triage evaluate deid`. Errors printed or
written here carry codes and line numbers, never narrative text.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from triage.errors import InputError, TriageError


def _error_record(key: dict[str, Any], code: str, message: str) -> dict[str, Any]:
    return {**key, "error": {"code": code, "message": message}}


def _parse_lines(
    fh: TextIO, max_chars: int
) -> Iterator[tuple[dict[str, Any], str | None, dict[str, Any] | None]]:
    """(key, valid text or None, error record or None) per non-blank line."""
    from triage.pipelines.narrative_input import validate_narrative

    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        key: dict[str, Any] = {"line": lineno}
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            yield (
                key,
                None,
                _error_record(key, "line_not_json", f"line {lineno} is not JSON"),
            )
            continue
        if not isinstance(obj, dict):
            yield (
                key,
                None,
                _error_record(
                    key, "line_not_object", f"line {lineno} is not an object"
                ),
            )
            continue
        if "id" in obj and isinstance(obj["id"], str | int):
            key = {"id": obj["id"]}
        if "text" not in obj:
            yield (
                key,
                None,
                _error_record(key, "text_missing", f"line {lineno} has no 'text'"),
            )
            continue
        try:
            text = validate_narrative(obj["text"], max_chars)
        except InputError as exc:
            yield (
                key,
                None,
                _error_record(key, exc.code, f"line {lineno}: {exc.message}"),
            )
            continue
        yield key, text, None


@click.command("deid")
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help='JSONL of {"id", "text"} lines (\'-\' for stdin).',
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSONL to write ('-' for stdout).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="De-id config YAML (default: the packaged one).",
)
@click.option(
    "--n-process",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for the batch (default: nlp.n_process of the config). "
    "One per core: 2 on a 2-core machine is about 1.5x one.",
)
def deid(
    input_path: Path, output_path: Path, config_path: Path | None, n_process: int | None
) -> None:
    """Redact the narratives of a JSONL file; bad lines get an error record."""
    from tqdm import tqdm

    from triage.pipelines import deid_config
    from triage.pipelines.deidentify import Deidentifier

    try:
        cfg = deid_config.load(config_path)
        if n_process is not None:
            cfg = dataclasses.replace(cfg, n_process=n_process)
        deidentifier = Deidentifier(cfg)
    except TriageError as exc:
        raise click.ClickException(str(exc)) from None
    src = (
        sys.stdin
        if str(input_path) == "-"
        else input_path.open(encoding="utf-8", errors="strict")
    )
    dst = (
        sys.stdout
        if str(output_path) == "-"
        else output_path.open("w", encoding="utf-8")
    )
    n_ok = n_err = 0
    try:
        rows = list(_parse_lines(src, deidentifier.cfg.max_chars))
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            "[input_invalid_encoding] input file is not UTF-8 "
            f"(byte offset {exc.start})"
        ) from None
    texts = [t for _, t, _ in rows if t is not None]
    redactions = deidentifier.iter_redact(texts)
    bar = tqdm(
        total=len(rows), unit="narr", disable=not sys.stderr.isatty(), file=sys.stderr
    )
    try:
        for key, _text, err in rows:
            if err is not None:
                out: dict[str, Any] = err
                n_err += 1
            else:
                r = next(redactions)
                out = {
                    **key,
                    "redacted_text": r.redacted_text,
                    "entities": [
                        {
                            "type": e.type,
                            "start": e.start,
                            "end": e.end,
                            "score": e.score,
                        }
                        for e in r.entities
                    ],
                }
                if r.flags:
                    out["flags"] = list(r.flags)
                n_ok += 1
            dst.write(json.dumps(out, ensure_ascii=False) + "\n")
            bar.update(1)
    finally:
        bar.close()
        if dst is not sys.stdout:
            dst.close()
        if src is not sys.stdin:
            src.close()
    click.echo(f"redacted {n_ok} narrative(s), {n_err} error line(s)", err=True)


@click.command("deid")
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="Gold file or folder.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["corpus", "physionet", "presidio"]),
    default="corpus",
    show_default=True,
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="De-id config YAML (default: the packaged one).",
)
@click.option(
    "--ner",
    type=click.Choice(["config", "both", "pretrained", "trained", "patterns"]),
    default="config",
    show_default=True,
    help="Override which NER runs (to compare options on the same data).",
)
@click.option(
    "--max-misses", default=50, show_default=True, help="How many misses to list."
)
@click.option(
    "--show-fp", default=0, show_default=True, help="How many false positives to list."
)
@click.option(
    "--json-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the metrics (no text) as JSON here.",
)
def evaluate_deid(
    gold_path: Path,
    fmt: str,
    config_path: Path | None,
    ner: str,
    max_misses: int,
    show_fp: int,
    json_out: Path | None,
) -> None:
    """Recall, precision and F2 per PHI type (span and token level) and the misses."""
    from triage.evaluation.deid_eval import Predicted, as_dict, format_report, score
    from triage.evaluation.gold_readers import read_gold
    from triage.pipelines import deid_config
    from triage.pipelines.deidentify import Deidentifier

    try:
        gold = read_gold(gold_path, fmt)
        cfg = deid_config.load(config_path)
        if ner != "config":
            cfg = dataclasses.replace(
                cfg,
                pretrained_enabled=ner in ("both", "pretrained"),
                trained_enabled=ner in ("both", "trained"),
            )
        deidentifier = Deidentifier(cfg)
    except TriageError as exc:
        raise click.ClickException(str(exc)) from None
    t0 = time.perf_counter()
    redactions = deidentifier.redact_batch([g.text for g in gold])
    elapsed = time.perf_counter() - t0
    preds = [
        [Predicted(e.type, e.start, e.end) for e in r.entities] for r in redactions
    ]
    res = score(gold, preds)
    click.echo(format_report(res, max_misses=max_misses, show_fp=show_fp))
    click.echo(
        f"\n{len(gold)} documents in {elapsed:.1f} s ({len(gold) / elapsed:.1f}/s)"
    )
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(as_dict(res), indent=2) + "\n", encoding="utf-8")


@click.group()
def standalone() -> None:
    """Run these commands before the lead wires them into `triage` (python -m)."""


standalone.add_command(deid, "deid")
standalone.add_command(evaluate_deid, "evaluate-deid")

if __name__ == "__main__":
    standalone()
