"""Choose the embedding zero-shot settings on the DEV split, reproducibly, and print the dev figures.

    .venv/bin/python benchmarks/tune_zeroshot.py [--dev data/processed/dev.jsonl]

1. Grid: stance description set x target description set x text template x pooling (one pooling for
   stances and target); per cell, the on-target threshold that maximises the dev 4-way macro-F1 (it rewards
   finding off-target quotes and punishes marking on-target ones `none`).
2. On-target decision: target pooling x weight of the best stance similarity added to the target
   similarity; per cell the threshold as in 1; the cell with the highest dev on-target F1 is kept.
3. Per-stance bias added to the stance similarities (a prior that evens out the prototypes' unequal pull):
   a grid on dev macro-F1, the supportive bias held at 0 (a shift common to all three changes nothing).
4. The temperatures change no label, only the scores, so they are chosen last, by dev log-loss.
Then a split-half check: steps 2 and 3, alone and together, redone on each half of dev (split by article)
and scored on the other half, beside the settings without them. Nothing is trained.
Never point `--dev` at the test split or the gold seeds.
"""
from __future__ import annotations

import argparse
import itertools
import zlib
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from pipeline.classifiers.embedding_zeroshot import POOLINGS, EmbeddingZeroShot, decide
from pipeline.config import as_dict, compose_config
from pipeline.data.schema import LABELS, OFF_TARGET, STANCES
from pipeline.evaluation.metrics import (confusion, credit_alternatives, on_target_f1_of, per_class_f1_of,
                                         stance_macro_f1_of)
from pipeline.io import read_jsonl
from pipeline.model_loading import load_sentence_encoder

# Description sets compared with the configured one (configs/zeroshot/embedding.yaml).
ONE_LINE = {"supportive": ["{actor} supports {target}."], "doubtful": ["{actor} is sceptical about {target}."],
            "opposed": ["{actor} opposes {target}."]}
FIRST_VERSION = {
    "supportive": ["{actor} supports {target}.", "{target} will happen; the path is irreversible.",
                   "We back {target} and are committed to it.", "{target} is the right outcome and should go ahead."],
    "doubtful": ["{actor} is sceptical about {target}.", "{target} is not realistic for now; it is premature.",
                 "It is too early to say whether {target} will happen.",
                 "There is no consensus on {target}; it depends on many factors."],
    "opposed": ["{actor} opposes {target}.", "We will not support {target}; it must never happen.",
                "{target} is unacceptable and we will block it.", "Forget about {target}, it is off the table."],
}
ONLY_TARGET = ["{target}"]
TEXT_TEMPLATES = ("{quote}", "{actor}: {quote}")
THRESHOLDS = np.round(np.arange(-0.1, 0.61, 0.01), 2)
WIDE_THRESHOLDS = np.round(np.arange(-0.1, 1.21, 0.01), 2)  # step 2 adds up to 1 x a stance similarity
STANCE_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
# Step 1 as first tuned: one pooling for stances and target, no stance weight in the on-target score, no bias.
STEP_1 = {"target_pooling": None, "on_target_stance_weight": 0.0, "stance_bias": None}
BIASES = np.round(np.arange(-0.06, 0.0601, 0.0025), 4)
TEMPERATURES = (0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2)


class MemoEncoder:
    """An encoder that remembers every text it has encoded, so the grid encodes each text once."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.memory: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], **kwargs) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memory]
        if missing:
            self.memory.update(zip(missing, self.encoder.encode(missing, **kwargs)))
        return np.stack([self.memory[t] for t in texts])


def figures(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping) -> dict:
    """The scorer's headline figures, from its confusion counts (fast enough for the grids), plus dev
    log-loss of the four-label scores."""
    predictions = decide(stance, on, cfg)
    pred = [p.label for p in predictions]
    counts = confusion(credit_alternatives([r["label"] for r in rows], pred, [r.get("alt_labels") for r in rows]), pred)
    per_class = per_class_f1_of(counts)
    nll = -np.mean([np.log(max(p.scores[r["label"]], 1e-12)) for p, r in zip(predictions, rows)])
    return {"macro_f1": stance_macro_f1_of(counts), "on_target_f1": on_target_f1_of(counts),
            "none_f1": per_class[LABELS.index(OFF_TARGET)], "macro_f1_4way": per_class.mean(), "nll": nll}


def best_threshold(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping,
                   thresholds: np.ndarray = THRESHOLDS) -> tuple[float, dict]:
    """The on-target threshold with the highest dev 4-way macro-F1 (first of ties)."""
    scored = [(t, figures(rows, stance, on, {**cfg, "on_target_threshold": float(t)})) for t in thresholds]
    return max(scored, key=lambda ts: ts[1]["macro_f1_4way"])


def best_temperatures(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping) -> dict:
    """Stance and on-target temperatures with the lowest dev log-loss."""
    grid = [{**cfg, "temperature": a, "on_target_temperature": b} for a, b in itertools.product(TEMPERATURES, TEMPERATURES)]
    return min(grid, key=lambda c: figures(rows, stance, on, c)["nll"])


def on_target_cells(rows: Sequence[Mapping], sims: Mapping[str, tuple], cfg: Mapping) -> list[tuple[dict, dict]]:
    """Per target pooling and stance weight, the config with its dev-best threshold and its figures.

    `sims` maps each target pooling to its (stance, on-target) similarities.
    """
    cells = []
    for pooling, weight in itertools.product(POOLINGS, STANCE_WEIGHTS):
        cell = {**cfg, "target_pooling": pooling, "on_target_stance_weight": weight}
        threshold, f = best_threshold(rows, *sims[pooling], cell, WIDE_THRESHOLDS)
        cells.append(({**cell, "on_target_threshold": float(threshold)}, f))
    return cells


def best_bias(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping) -> dict:
    """The per-stance bias (supportive held at 0) with the highest dev macro-F1 (first of ties)."""
    grid = [{**cfg, "stance_bias": {"supportive": 0.0, "doubtful": float(d), "opposed": float(o)}}
            for d, o in itertools.product(BIASES, BIASES)]
    return max(grid, key=lambda c: figures(rows, stance, on, c)["macro_f1"])


def settings_name(cfg: Mapping) -> str:
    """The step 2 and 3 settings of a config, on one line."""
    bias = " ".join(f"{s} {(cfg['stance_bias'] or {}).get(s, 0.0):+.4f}" for s in STANCES)
    return (f"target_pooling {cfg['target_pooling']}, on_target_stance_weight {cfg['on_target_stance_weight']}, "
            f"on_target_threshold {cfg['on_target_threshold']}, stance_bias {bias}")


def halves(rows: Sequence[Mapping]) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the two halves of dev, split by article (a stable hash of its id)."""
    half = np.array([zlib.crc32(r["article_id"].encode()) % 2 for r in rows])
    return np.flatnonzero(half == 0), np.flatnonzero(half == 1)


def best_on_target(cells: Sequence[tuple[dict, dict]]) -> dict:
    """The config of the cell with the highest on-target F1 (first of ties)."""
    return max(cells, key=lambda cf: cf[1]["on_target_f1"])[0]


def split_half_check(rows: Sequence[Mapping], sims: Mapping[str, tuple], before: Mapping) -> None:
    """Steps 2 and 3, alone and together, chosen on one half of dev and scored on the other, beside `before`
    (step 1 only)."""
    parts = halves(rows)
    for name, (fit, held) in (("A -> B", parts), ("B -> A", parts[::-1])):
        fit_rows, held_rows = [rows[i] for i in fit], [rows[i] for i in held]
        subset = {k: (s[fit], o[fit]) for k, (s, o) in sims.items()}
        cell = best_on_target(on_target_cells(fit_rows, subset, before))
        tuned = {"before": before, "step 2 only": cell,
                 "step 3 only": best_bias(fit_rows, *subset[before["target_pooling"]], before),
                 "steps 2-3": best_bias(fit_rows, *subset[cell["target_pooling"]], cell)}
        print(f"{name}: chosen on {len(fit)} pairs, scored on {len(held)}")
        for label, cfg in tuned.items():
            stance, on = sims[cfg["target_pooling"]]
            print(line(f"  {label}", figures(held_rows, stance[held], on[held], cfg)))
            print(f"      {settings_name(cfg)}")


def line(name: str, f: dict) -> str:
    return (f"{name:62s} macro-F1 {f['macro_f1']:.3f}  on-target F1 {f['on_target_f1']:.3f}  none F1 {f['none_f1']:.3f}"
            f"  4-way {f['macro_f1_4way']:.3f}  log-loss {f['nll']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=Path("data/processed/dev.jsonl"), help="the dev split (JSONL)")
    args = parser.parse_args()
    base = as_dict(compose_config())["zeroshot"]
    rows = read_jsonl(args.dev)
    encoder = MemoEncoder(load_sentence_encoder(base["model"]))
    print(f"dev: {args.dev} ({len(rows)} pairs, {sum(r['label'] != OFF_TARGET for r in rows)} on target)")
    print(line("configured, as in embedding.yaml", figures(rows, *EmbeddingZeroShot(encoder, base).similarities(rows), base)))

    stance_sets = {"one-line": ONE_LINE, "first version": FIRST_VERSION, "configured": base["descriptions"]}
    target_sets = {"{target}": ONLY_TARGET, "configured": base["target_descriptions"]}
    results = []
    for (stance_name, descriptions), (target_name, targets), template, pooling in itertools.product(
            stance_sets.items(), target_sets.items(), TEXT_TEMPLATES, POOLINGS):
        cfg = {**base, "descriptions": descriptions, "target_descriptions": targets, "text_template": template,
               "pooling": pooling, **STEP_1}
        stance, on = EmbeddingZeroShot(encoder, cfg).similarities(rows)
        threshold, f = best_threshold(rows, stance, on, cfg)
        cfg["on_target_threshold"] = float(threshold)
        name = f"{stance_name} | {target_name} | {template} | {pooling} | thr {threshold:+.2f}"
        results.append((f["macro_f1_4way"], name, cfg, stance, on))
        print(line(name, f))

    _, name, cfg, _, _ = max(results, key=lambda r: r[0])
    print(f"\nstep 1 chosen: {name}")
    sims = {pooling: EmbeddingZeroShot(encoder, {**cfg, "target_pooling": pooling}).similarities(rows)
            for pooling in POOLINGS}
    cfg = {**cfg, "target_pooling": cfg["pooling"]}
    print("\nstep 2, on-target decision (target pooling, stance weight; threshold by 4-way macro-F1):")
    cells = on_target_cells(rows, sims, cfg)
    for cell, f in cells:
        print(line(f"{cell['target_pooling']} + {cell['on_target_stance_weight']} x best stance | "
                   f"thr {cell['on_target_threshold']:+.2f}", f))
    cell = best_on_target(cells)
    stance, on = sims[cell["target_pooling"]]
    tuned = best_bias(rows, stance, on, cell)
    print(f"\nsteps 2-3 chosen: {settings_name(tuned)}")
    print(line("step 2 chosen, no stance bias", figures(rows, stance, on, {**tuned, "stance_bias": None})))
    print(line("step 3 chosen", figures(rows, stance, on, tuned)))

    tuned = best_temperatures(rows, stance, on, tuned)
    print(f"\nstep 4 chosen: temperature {tuned['temperature']}, "
          f"on_target_temperature {tuned['on_target_temperature']}")
    print(line("chosen, on dev", figures(rows, stance, on, tuned)))
    print("\nsplit-half check (steps 2 and 3 chosen on one half of dev, scored on the other):")
    split_half_check(rows, sims, cfg)


if __name__ == "__main__":
    main()
