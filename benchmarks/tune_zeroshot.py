"""Choose the embedding zero-shot settings on the DEV split, reproducibly, and print the dev figures.

    .venv/bin/python benchmarks/tune_zeroshot.py [--dev data/processed/dev.jsonl]

Grid: stance description set x target description set x text template x pooling; per cell, the on-target
threshold that maximises the dev 4-way macro-F1 (it rewards finding off-target quotes and punishes marking
on-target ones `none`). The temperatures change no label, only the scores, so they are chosen last, by dev
log-loss. Nothing is trained.
Never point `--dev` at the test split or the gold seeds.
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from pipeline.classifiers.embedding_zeroshot import POOLINGS, EmbeddingZeroShot, decide
from pipeline.config import as_dict, compose_config
from pipeline.data.schema import OFF_TARGET
from pipeline.evaluation.metrics import score
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
    """The scorer's headline figures, plus dev log-loss of the four-label scores."""
    predictions = decide(stance, on, cfg)
    result = score([r["label"] for r in rows], [p.label for p in predictions], [r.get("alt_labels") for r in rows])
    nll = -np.mean([np.log(max(p.scores[r["label"]], 1e-12)) for p, r in zip(predictions, rows)])
    return {"macro_f1": result["macro_f1"], "on_target_f1": result["on_target_f1"],
            "none_f1": result["per_class"]["none"]["f1"], "macro_f1_4way": result["macro_f1_4way"], "nll": nll}


def best_threshold(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping) -> tuple[float, dict]:
    """The on-target threshold with the highest dev 4-way macro-F1 (first of ties)."""
    scored = [(t, figures(rows, stance, on, {**cfg, "on_target_threshold": float(t)})) for t in THRESHOLDS]
    return max(scored, key=lambda ts: ts[1]["macro_f1_4way"])


def best_temperatures(rows: Sequence[Mapping], stance: np.ndarray, on: np.ndarray, cfg: Mapping) -> dict:
    """Stance and on-target temperatures with the lowest dev log-loss."""
    grid = [{**cfg, "temperature": a, "on_target_temperature": b} for a, b in itertools.product(TEMPERATURES, TEMPERATURES)]
    return min(grid, key=lambda c: figures(rows, stance, on, c)["nll"])


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
               "pooling": pooling}
        stance, on = EmbeddingZeroShot(encoder, cfg).similarities(rows)
        threshold, f = best_threshold(rows, stance, on, cfg)
        cfg["on_target_threshold"] = float(threshold)
        name = f"{stance_name} | {target_name} | {template} | {pooling} | thr {threshold:+.2f}"
        results.append((f["macro_f1_4way"], name, cfg, stance, on))
        print(line(name, f))

    _, name, cfg, stance, on = max(results, key=lambda r: r[0])
    cfg = best_temperatures(rows, stance, on, cfg)
    print(f"\nchosen: {name}; temperature {cfg['temperature']}, on_target_temperature {cfg['on_target_temperature']}")
    print(line("chosen, on dev", figures(rows, stance, on, cfg)))


if __name__ == "__main__":
    main()
