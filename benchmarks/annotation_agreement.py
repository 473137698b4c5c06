"""How consistently the corpus is labelled: a second, blind annotation of a test-split sample against the first.

    .venv/bin/python benchmarks/annotation_agreement.py [--second data/agreement/second_annotation.jsonl]

The second file holds `id`, `label` and `alt_labels` for a random sample of test-split pairs, labelled by a
second annotator who saw only the actor, quote, target and speaker (never the first label) and followed
ANNOTATION.md. The first annotation (the corpus label) is taken as gold; a pair agrees when either
annotator's label is among the other's labels (label or `alt_labels`), the rule the classifiers are scored
with. Printed on the same pairs: Cohen's kappa and the classifiers' figures (stance macro-F1, on-target F1,
accuracy) for the second annotator and for both classifiers' test predictions (`dvc repro` writes them).
The second annotator's figures are a rough ceiling for the classifiers' test scores.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Mapping, Sequence

from sklearn.metrics import cohen_kappa_score

from pipeline.evaluation.metrics import score_labelled
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "data" / "agreement" / "second_annotation.jsonl"
PREDICTIONS = {"fine-tuned": ROOT / "data" / "predictions" / "finetuned_test.jsonl",
               "zero-shot": ROOT / "data" / "predictions" / "zeroshot_test.jsonl"}
FIGURES = ("macro_f1", "on_target_f1", "accuracy", "n", "n_on_target")


def against_first(first: Sequence[Mapping], second: Mapping[str, Mapping]) -> list[dict]:
    """Rows for `score_labelled`: the first label as gold with its alternatives, the second as the label;
    a second label whose own alternatives hold the first label counts as the first label."""
    rows = []
    for row in first:
        other = second[row["id"]]
        label = row["label"] if row["label"] in (other.get("alt_labels") or ()) else other["label"]
        rows.append({"gold": row["label"], "alt_labels": row.get("alt_labels") or [], "label": label})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, default=SECOND)
    args = parser.parse_args()
    second = {r["id"]: r for r in read_jsonl(args.second)}
    predicted = {name: {r["id"]: r for r in read_jsonl(path)} for name, path in PREDICTIONS.items()}
    first = [predicted["fine-tuned"][i] for i in second if i in predicted["fine-tuned"]]
    missing = len(second) - len(first)
    if missing:
        print(f"note: {missing} id(s) of {args.second} are not in the test split now; scored on the other {len(first)}")
    first = [{**r, "label": r["gold"]} for r in first]
    rows = {"second annotator": against_first(first, second),
            **{name: [{"gold": r["gold"], "alt_labels": r["alt_labels"], "label": preds[r["id"]]["label"]}
                      for r in first] for name, preds in predicted.items()}}
    kappa = cohen_kappa_score([r["label"] for r in first], [second[r["id"]]["label"] for r in first])
    print(f"{len(first)} test pairs labelled twice; Cohen's kappa (plain labels, 4 classes): {kappa:.3f}\n")
    print("| labels of | " + " | ".join(FIGURES) + " |\n" + "|---" * (len(FIGURES) + 1) + "|")
    for name, labelled in rows.items():
        figures = score_labelled(labelled)
        print(f"| {name} | " + " | ".join(str(figures[k]) for k in FIGURES) + " |")


if __name__ == "__main__":
    main()
