"""Throughput of the embedding zero-shot classifier on this machine, in pairs per second.

    .venv/bin/python benchmarks/zeroshot_speed.py [--pairs data/processed/dev.jsonl] [--repeats 3] [overrides]

Cold: a fresh classifier per repeat, so every quote and description is encoded (the model is loaded once,
outside the timing). Warm: the same classifier predicting the same pairs again, all embeddings cached.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import torch

from pipeline.classifiers.embedding_zeroshot import EmbeddingZeroShot
from pipeline.config import compose_config
from pipeline.io import read_jsonl
from pipeline.model_loading import load_sentence_encoder


def timed(fn) -> float:
    """Seconds one call of `fn` takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=Path("data/processed/dev.jsonl"), help="JSONL pairs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("overrides", nargs="*", help="Hydra overrides of the project config")
    args = parser.parse_args()
    cfg = compose_config(args.overrides).zeroshot
    pairs = read_jsonl(args.pairs)
    load = time.perf_counter()
    encoder = load_sentence_encoder(cfg.model)
    load = time.perf_counter() - load
    cold, warm = [], []
    for _ in range(args.repeats):
        classifier = EmbeddingZeroShot(encoder, cfg)
        cold.append(timed(lambda: classifier.predict(pairs)))
        warm.append(timed(lambda: classifier.predict(pairs)))
    n = len(pairs)
    print(f"{n} pairs from {args.pairs} ({len({p['target'] for p in pairs})} targets, "
          f"{len({p['quote'] for p in pairs})} distinct quotes); device {encoder.device}, "
          f"{torch.get_num_threads()} torch threads; model load {load:.1f} s (not timed below)")
    print(f"cold (fresh classifier, everything encoded): {n / statistics.median(cold):8.1f} pairs/s "
          f"(median of {args.repeats}: {statistics.median(cold):.2f} s)")
    print(f"warm (same pairs again, all cached):         {n / statistics.median(warm):8.1f} pairs/s "
          f"(median of {args.repeats}: {statistics.median(warm):.3f} s)")


if __name__ == "__main__":
    main()
