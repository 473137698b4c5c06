"""How much the fine-tuned figures move with the training seed alone: same data, same split, same config.

    .venv/bin/python benchmarks/seed_variance.py [--seeds 1 2 3] [--out /tmp/seed_variance] [overrides ...]

Trains one model per seed with the train stage's own function (into `--out`, never into `models/`), then
prints dev, test and gold-seed figures per seed and their mean and standard deviation. The spread is the
noise floor under any single-run comparison in the reports. Extra arguments are Hydra overrides.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.classifiers.finetuned import FineTunedClassifier  # noqa: E402
from pipeline.config import compose_config  # noqa: E402
from pipeline.data.corpus import read_labelled  # noqa: E402
from pipeline.evaluation.extraction_score import score_extraction  # noqa: E402
from pipeline.evaluation.metrics import score_labelled  # noqa: E402
from pipeline.inputs import load_inputs  # noqa: E402
from pipeline.io import read_jsonl  # noqa: E402
from pipeline.prediction import label, predict  # noqa: E402
from pipeline.train import train  # noqa: E402

COLUMNS = ("dev macro", "test macro", "test on-target", "seeds macro", "seeds on-target", "e2e actor F1",
           "e2e majority F1")


def figures(model_dir: Path, cfg, seeds_gold: list[dict] | None) -> dict:
    """One trained model's figures; gold-seed columns are None without ../shared."""
    classifier = FineTunedClassifier(model_dir, batch_size=cfg.model.batch_size)
    dev = score_labelled(label(read_jsonl(Path(cfg.paths.processed_dir) / "dev.jsonl"), classifier))
    test = score_labelled(label(read_jsonl(Path(cfg.paths.processed_dir) / "test.jsonl"), classifier))
    row = dict.fromkeys(COLUMNS)
    row.update({"dev macro": dev["macro_f1"], "test macro": test["macro_f1"], "test on-target": test["on_target_f1"]})
    if seeds_gold:
        seeds = score_labelled(label(seeds_gold, classifier))
        pairs, _ = predict(load_inputs(Path(cfg.paths.seeds_dir), cfg.extract, cfg.target), classifier,
                           cfg.extract, cfg.target)
        e2e = score_extraction(pairs, seeds_gold)
        row.update({"seeds macro": seeds["macro_f1"], "seeds on-target": seeds["on_target_f1"],
                    "e2e actor F1": e2e["actor_stance_f1"], "e2e majority F1": e2e["actor_stance_majority_f1"]})
    return row


def summary_line(name: str, values: list[float | None]) -> str:
    cells = [f"{v:.3f}" if v is not None else "-" for v in values]
    return f"| {name} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", type=Path, default=Path("/tmp/seed_variance"))
    args, overrides = parser.parse_known_args()
    gold_file = Path(compose_config(overrides).paths.gold_file)
    seeds_gold = read_labelled([gold_file], require_id=False).rows if gold_file.exists() else None
    rows = {}
    for seed in args.seeds:
        out = args.out / f"seed{seed}"
        cfg = compose_config([*overrides, f"seed={seed}", f"paths.model_dir={out / 'model'}",
                              f"paths.reports_dir={out / 'reports'}"])
        train(cfg)
        rows[seed] = figures(out / "model", cfg, seeds_gold)
        print(summary_line(f"seed {seed}", list(rows[seed].values())), flush=True)
    print("\n| seed | " + " | ".join(COLUMNS) + " |\n" + "|---" * (len(COLUMNS) + 1) + "|")
    for seed, row in rows.items():
        print(summary_line(str(seed), list(row.values())))
    values = [[r[c] for r in rows.values()] for c in COLUMNS]
    for name, fn, needs in (("mean", statistics.mean, 1), ("sd", statistics.stdev, 2)):
        print(summary_line(name, [fn(v) if None not in v and len(v) >= needs else None for v in values]))


if __name__ == "__main__":
    main()
