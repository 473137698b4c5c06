"""Score the zero-shot classifier on the VAST test split (external benchmark; nothing is trained on VAST).

    .venv/bin/python benchmarks/vast.py [--limit N] [--csv ../shared/benchmarks/vast/vast_test.csv] [overrides]

Each row becomes a pair (actor "the commenter", quote = the comment, target = VAST's topic string).
VAST pro -> supportive, con -> opposed, neutral -> none. VAST has no `doubtful`, so two readings are printed:
`doubtful = neutral` (a doubtful prediction counts as the neutral class: neither pro nor con) and
`doubtful = wrong` (it matches no VAST class). Figures are macro-F1 over the three VAST classes and the
pro/con F1 average, for all rows, zero-shot rows (seen? = 0) and few-shot rows (seen? = 1), beside the
published figures in ../shared/benchmarks/vast/README.md. Extra arguments are Hydra overrides
(`zeroshot=nli zeroshot.model=...` scores the NLI backend). The full test split takes about 4 minutes on
2 CPU cores, most of it encoding the stance descriptions once for each of its 759 topics.
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Sequence

from sklearn.metrics import f1_score

from pipeline.classifiers.loading import load_zeroshot
from pipeline.config import compose_config
from pipeline.data.schema import OFF_TARGET

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "vast" / "vast_test.csv"
ACTOR = "the commenter"
VAST_LABELS = {"0": "opposed", "1": "supportive", "2": OFF_TARGET}
CLASSES = ("supportive", "opposed", OFF_TARGET)
# (system, subset, metric, value) as quoted in the VAST README; F1 there is macro over pro/con/neutral.
PUBLISHED = [("TATA (Hanley & Durumeric 2023)", "zero-shot", "macro-F1", 0.771),
             ("WS-BERT (He et al.), as quoted in an issue", "all", "macro-F1", 0.736),
             ("WS-BERT (He et al.), as quoted in an issue", "zero-shot", "macro-F1", 0.753)]


def read_vast(path: Path, limit: int | None) -> list[dict]:
    """VAST rows as pairs with `label` and `seen`."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = [{"actor": ACTOR, "quote": r["Tweet"], "target": r["Target"], "label": VAST_LABELS[r["Stance"]],
                 "seen": r["seen?"]} for r in csv.DictReader(f)]
    if not limit or limit >= len(rows):
        return rows
    return rows[::len(rows) // limit][:limit]  # spread over the file, which is ordered by label


def vast_figures(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Macro-F1 over the three VAST classes and the pro/con average (labels outside them count as wrong)."""
    return {"n": len(gold),
            "macro_f1": float(f1_score(gold, pred, labels=list(CLASSES), average="macro", zero_division=0)),
            "pro_con_f1": float(f1_score(gold, pred, labels=list(CLASSES[:2]), average="macro", zero_division=0))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="VAST csv (Tweet, Target, Stance, seen?)")
    parser.add_argument("--limit", type=int, default=None, help="score N rows spread evenly over the file (a quick run)")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides of the project config")
    args = parser.parse_args()
    rows = read_vast(args.csv, args.limit)
    classifier = load_zeroshot(compose_config(args.overrides))
    start = time.perf_counter()
    predicted = [p.label for p in classifier.predict(rows)]
    seconds = time.perf_counter() - start
    print(f"VAST {args.csv.name}: {len(rows)} rows scored in {seconds:.0f} s ({len(rows) / seconds:.1f} rows/s)")
    print(f"predicted labels: { {label: predicted.count(label) for label in sorted(set(predicted))} }")
    subsets = {"all": lambda r: True, "zero-shot (seen?=0)": lambda r: r["seen"] == "0",
               "few-shot (seen?=1)": lambda r: r["seen"] == "1"}
    for reading, mapping in (("doubtful = neutral", {"doubtful": OFF_TARGET}), ("doubtful = wrong", {})):
        print(f"\n{reading}")
        for name, keep in subsets.items():
            idx = [i for i, r in enumerate(rows) if keep(r)]
            f = vast_figures([rows[i]["label"] for i in idx], [mapping.get(predicted[i], predicted[i]) for i in idx])
            print(f"  {name:22s} n={f['n']:5d}  macro-F1 {f['macro_f1']:.3f}  pro/con F1 {f['pro_con_f1']:.3f}")
    print("\npublished (supervised on VAST train; ours is trained on nothing):")
    for system, subset, metric, value in PUBLISHED:
        print(f"  {system:44s} {subset:10s} {metric} {value:.3f}")


if __name__ == "__main__":
    main()
