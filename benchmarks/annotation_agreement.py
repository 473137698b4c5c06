"""How consistently the corpus is labelled: blind second annotations of corpus samples against the first.

    .venv/bin/python benchmarks/annotation_agreement.py [--second FILE ...]

Each second file holds `id`, `label` and `alt_labels` for a random sample of corpus pairs, labelled by a
second annotator who saw only the actor, quote, target and speaker (never the first label) and followed
ANNOTATION.md; by default every file in `data/agreement/`. The first annotation (the corpus label in
`data/raw/`) is taken as gold; a pair agrees when either annotator's label is among the other's labels
(label or `alt_labels`), the rule the classifiers are scored with. Printed: Cohen's kappa and the second
annotator's figures (stance macro-F1, on-target F1, accuracy) over every pair labelled twice, then, on the
pairs among them that the test split holds now, the same figures for the second annotator and for both
classifiers' test predictions (`dvc repro` writes them). The second annotator's figures are a rough ceiling
for the classifiers' test scores.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Mapping, Sequence

from sklearn.metrics import cohen_kappa_score

from pipeline.data.corpus import raw_files, read_labelled
from pipeline.evaluation.metrics import score_labelled
from pipeline.io import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
SECONDS = sorted((ROOT / "data" / "agreement").glob("*.jsonl"))
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


def table(rows: Mapping[str, Sequence[Mapping]]) -> str:
    """A Markdown table of the scorer's figures, one line per labeller."""
    lines = ["| labels of | " + " | ".join(FIGURES) + " |", "|---" * (len(FIGURES) + 1) + "|"]
    for name, labelled in rows.items():
        figures = score_labelled(labelled)
        lines.append(f"| {name} | " + " | ".join(str(figures[k]) for k in FIGURES) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--second", type=Path, nargs="+", default=SECONDS)
    args = parser.parse_args()
    second = {r["id"]: r for path in args.second for r in read_jsonl(path)}
    corpus = {r["id"]: r for r in read_labelled(raw_files(ROOT / "data" / "raw")).rows}
    first = [{**corpus[i], "gold": corpus[i]["label"]} for i in second if i in corpus]
    if len(first) < len(second):
        print(f"note: {len(second) - len(first)} id(s) of the second annotation are not in the corpus; left out")
    kappa = cohen_kappa_score([r["label"] for r in first], [second[r["id"]]["label"] for r in first])
    print(f"{len(first)} corpus pairs labelled twice; Cohen's kappa (plain labels, 4 classes): {kappa:.3f}\n")
    print(table({"second annotator": against_first(first, second)}))
    predicted = {name: {r["id"]: r for r in read_jsonl(path)} for name, path in PREDICTIONS.items()}
    test = [r for r in first if r["id"] in predicted["fine-tuned"]]
    print(f"\nThe {len(test)} of them in the test split now:\n")
    print(table({"second annotator": against_first(test, second),
                 **{name: [{"gold": r["gold"], "alt_labels": r.get("alt_labels") or [], "label": preds[r["id"]]["label"]}
                           for r in test] for name, preds in predicted.items()}}))


if __name__ == "__main__":
    main()
