"""Benchmark de-identification: narratives/s (single and batched), peak memory.

Runs on the corpus test split (corpora/synthetic/test.jsonl); if it is not built yet, on
the hand-written narratives. Consecutive narratives are joined until each text has at
least --min-words words (default 150, the issue's target length; 0 = as written), and
the average length is printed with the result. Prints a table.
Usage: ``python bench/deid.py [--n 500] [--min-words 150]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from triage.pipelines import deid_config  # noqa: E402
from triage.pipelines.deidentify import Deidentifier  # noqa: E402


def load_texts(n: int, min_words: int = 0) -> tuple[str, list[str]]:
    """n texts of at least min_words words (joined narratives) and their source."""
    split = REPO / "corpora" / "synthetic" / "test.jsonl"
    if split.is_file():
        from triage.corpus.records import read_jsonl

        texts = [r.text for r in read_jsonl(split)]
        source = "corpus test split"
    else:
        from triage.corpus.markup import read_handwritten

        texts = [
            r.text for r in read_handwritten(REPO / "corpora/synthetic/handwritten")
        ]
        source = "hand-written narratives"
    if min_words > 0:
        joined, cur = [], ""
        for t in texts:
            if cur and len(cur.split()) + len(t.split()) > min_words * 1.2:
                joined.append(cur)
                cur = ""
            cur = f"{cur}\n{t}" if cur else t
        texts = joined
    while len(texts) < n:
        texts = texts + texts
    return source, texts[:n]


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main() -> None:
    """Print the benchmark table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=500, help="narratives per measurement")
    ap.add_argument(
        "--min-words",
        type=int,
        default=150,
        help="join narratives up to this many words (0 = as written)",
    )
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument(
        "--ner",
        choices=["config", "both", "pretrained", "trained", "patterns"],
        default="config",
    )
    ap.add_argument(
        "--n-process", type=int, default=None, help="override nlp.n_process"
    )
    args = ap.parse_args()
    cfg = deid_config.load(args.config)
    if args.ner != "config":
        cfg = dataclasses.replace(
            cfg,
            pretrained_enabled=args.ner in ("both", "pretrained"),
            trained_enabled=args.ner in ("both", "trained"),
        )
    if args.n_process:
        cfg = dataclasses.replace(cfg, n_process=args.n_process)
    t0 = time.perf_counter()
    deid = Deidentifier(cfg)
    load_s = time.perf_counter() - t0
    source, texts = load_texts(args.n, args.min_words)
    words = sum(len(t.split()) for t in texts) / len(texts)
    deid.redact_batch(texts[:20])  # warm-up
    n_single = min(len(texts), 200)
    t0 = time.perf_counter()
    for t in texts[:n_single]:
        deid.redact(t)
    single = n_single / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    deid.redact_batch(texts)
    batch = len(texts) / (time.perf_counter() - t0)
    print(f"data: {source}, {len(texts)} narratives, {words:.0f} words on average")
    print(
        f"NER: pretrained={cfg.pretrained_enabled} trained={cfg.trained_enabled}, "
        f"n_process={cfg.n_process}, batch_size={cfg.batch_size}"
    )
    print(f"{'measure':<28}{'value':>12}")
    print(f"{'model load (s)':<28}{load_s:>12.1f}")
    print(f"{'single (narratives/s)':<28}{single:>12.1f}")
    print(f"{'batch (narratives/s)':<28}{batch:>12.1f}")
    print(f"{'peak RSS (MB)':<28}{peak_rss_mb():>12.0f}")


if __name__ == "__main__":
    main()
