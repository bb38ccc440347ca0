"""Score the de-identifier on freshly generated ICU-style notes (a held-out seed).

A generalisation check beside PhysioNet: the notes come from the same generator as
the PHI NER's augmentation (`training/phi_ner_augment.py`, invented vocabulary and
the corpus's own fake PHI), drawn with a seed the model never trained on.

Usage: ``python -m training.evaluate_deid_icu_style [--n 800] [--seed 7373]``
"""

from __future__ import annotations

import argparse

from training import phi_ner_augment
from training.train_phi_ner import DEFAULT_CONFIG, load_config
from triage.evaluation.deid_eval import Predicted, format_report, score
from triage.evaluation.gold_readers import GoldDoc, GoldSpan
from triage.pipelines.deidentify import Deidentifier


def main(argv: list[str] | None = None) -> None:
    """Generate the notes, redact them in a batch, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800)
    parser.add_argument("--seed", type=int, default=7373)
    parser.add_argument("--max-misses", type=int, default=0)
    args = parser.parse_args(argv)
    if args.seed == load_config(DEFAULT_CONFIG)["seed"]:
        parser.error("that is the PHI NER's training seed: pick another")
    notes = phi_ner_augment.generate(args.n, seed=args.seed)
    gold = [
        GoldDoc(f"icu-{i}", n.text, tuple(GoldSpan(t, s, e) for t, s, e in n.spans))
        for i, n in enumerate(notes)
    ]
    redactions = Deidentifier.from_config().redact_batch([g.text for g in gold])
    preds = [
        [Predicted(e.type, e.start, e.end) for e in r.entities] for r in redactions
    ]
    print(format_report(score(gold, preds), max_misses=args.max_misses))


if __name__ == "__main__":
    main()
