"""How much the actor's name, rather than the quote, decides the fine-tuned label.

    .venv/bin/python benchmarks/actor_sensitivity.py [--split test] [--seed 0] [overrides ...]

Labels the split's pairs as they are, then again with every actor replaced (a) by a neutral placeholder and
(b) by an actor drawn at random from the training split, and prints how many labels change and the
three-stance macro-F1 under each. Pairs whose quote names its actor are counted apart, since there the
actor decides which part of a sentence applies. A label that flips when only the name changes is a prior
about that actor, not a reading of the quote: analysts comparing actors should know its size. The model is
loaded as the evaluate stage loads it (same batch size and CPU path, so the same labels); extra arguments are Hydra
overrides (`paths.model_dir=...`).
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from pipeline.classifiers.loading import load_finetuned
from pipeline.config import compose_config
from pipeline.evaluation.metrics import score_labelled
from pipeline.io import read_jsonl
from pipeline.prediction import label

PLACEHOLDER = "the official"


def names_actor(row: dict) -> bool:
    """Whether the quote contains the actor's last name."""
    return row["actor"].split()[-1].casefold() in row["quote"].casefold()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    parser.add_argument("--seed", type=int, default=0)
    args, overrides = parser.parse_known_args()
    cfg = compose_config(overrides)
    processed = Path(cfg.paths.processed_dir)
    rows = read_jsonl(processed / f"{args.split}.jsonl")
    actors = sorted({r["actor"] for r in read_jsonl(processed / "train.jsonl")})
    rng = random.Random(args.seed)
    classifier = load_finetuned(cfg)
    base = label(rows, classifier)
    apart = [names_actor(r) for r in rows]
    print(f"{args.split}: {len(rows)} pairs, {sum(apart)} whose quote names the actor; "
          f"macro-F1 with the real actors {score_labelled(base)['macro_f1']:.3f}\n")
    print("| actor given as | macro-F1 | labels changed | changed where the quote does not name the actor |\n"
          "|---|---|---|---|")
    for name, swap in ((f'"{PLACEHOLDER}"', lambda r: PLACEHOLDER), ("a random training actor", lambda r: rng.choice(actors))):
        swapped = label([{**r, "actor": swap(r)} for r in rows], classifier)
        changed = [a["label"] != b["label"] for a, b in zip(base, swapped)]
        rest = [c for c, named in zip(changed, apart) if not named]
        print(f"| {name} | {score_labelled(swapped)['macro_f1']:.3f} | {sum(changed)} ({sum(changed) / len(rows):.1%}) "
              f"| {sum(rest)} of {len(rest)} ({sum(rest) / max(len(rest), 1):.1%}) |")


if __name__ == "__main__":
    main()
