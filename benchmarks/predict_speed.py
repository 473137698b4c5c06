"""Prediction and training speed: the project's paths against plain transformers on the same pairs.

    .venv/bin/python benchmarks/predict_speed.py [--model models/finetuned] [--pairs 512] [--train-rows 256]

Prints pairs/s of the predict path (length-sorted batches, inference mode, on CPU the bf16 or int8 path where
the train stage allowed it, bf16 or fp16 autocast on CUDA) and of a plain `transformers.pipeline("text-classification")`
loop over the same model and pairs, and the ratio; then training examples/s of the project's Trainer setup (dynamic
padding, length-grouped batches, bf16 autocast where `train.mixed_precision` allows it) against the same Trainer
padding every example to max_length, and against the project's setup in float32.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import torch
from omegaconf import OmegaConf
from transformers import DataCollatorWithPadding, pipeline

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.classifiers.encoding import pair_segments  # noqa: E402
from pipeline.classifiers.finetuned import CPU_PRECISIONS, FineTunedClassifier  # noqa: E402
from pipeline.io import read_jsonl  # noqa: E402
from pipeline.model_loading import native_bf16, pick_device  # noqa: E402
from pipeline.training.finetune import finetune  # noqa: E402


def timed(fn, *args, repeats: int = 3) -> float:
    """Best wall time of `repeats` calls (after one warm-up call)."""
    fn(*args)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def predict_speed(model_dir: Path, pairs: list[dict], batch_size: int) -> None:
    """Pairs/s of the project's predict path and of the plain pipeline loop."""
    device = pick_device()
    ours = FineTunedClassifier(model_dir, batch_size=batch_size)
    ours_s = timed(ours.predict, pairs)
    plain = pipeline("text-classification", model=str(model_dir), device=device)
    quotes, segments = pair_segments(pairs, ours.template)
    inputs = [{"text": q, "text_pair": s} for q, s in zip(quotes, segments)]
    plain_s = timed(lambda: [plain(x, truncation=True) for x in inputs], repeats=1)
    plain_batched_s = timed(lambda: plain(inputs, batch_size=batch_size, truncation=True), repeats=1)
    print(f"device: {device}; threads: {torch.get_num_threads()}; pairs: {len(pairs)}; path: {ours.precision}")
    print(f"predict path ({ours.precision}):{' ' * (24 - len(ours.precision))}{len(pairs) / ours_s:8.1f} pairs/s")
    print(f"plain pipeline, one pair per call:     {len(pairs) / plain_s:8.1f} pairs/s "
          f"(ratio {plain_s / ours_s:.1f}x)")
    print(f"plain pipeline, batch_size={batch_size:<3d} padded: {len(pairs) / plain_batched_s:8.1f} pairs/s "
          f"(ratio {plain_batched_s / ours_s:.1f}x)")
    if device.type == "cpu":
        for name, check in (("bf16", ours.metadata.get("bf16", {})), ("int8", ours.metadata.get("int8", {}))):
            if "agreement" in check:
                print(f"{name} path: dev agreement with float {check['agreement']} (minimum {check['min_agreement']})")
        for precision in CPU_PRECISIONS:
            if precision != ours.precision and (precision != "bf16" or native_bf16(device)):
                other = FineTunedClassifier(model_dir, batch_size=batch_size, precision=precision)
                note = (f"; {float(other.scored(pairs)[1].float().mean()):.1%} of these pairs re-scored in float"
                        if other.int8 else "")
                print(f"{precision} path, not used by predict: {len(pairs) / timed(other.predict, pairs):8.1f} "
                      f"pairs/s{note}")


def train_speed(rows: list[dict], model: str, max_length: int, train_cfg: dict) -> None:
    """Training examples/s of one epoch with the project's train config, against padding to max_length."""
    import pipeline.training.finetune as ft

    cfg = {**train_cfg, "epochs": 1, "early_stopping_patience": 1, "max_train_samples": None,
           "max_eval_samples": 32}
    with tempfile.TemporaryDirectory() as out:
        ours = finetune(rows, rows, model, max_length, cfg, seed=0, out_dir=Path(out) / "a")
        original = ft.DataCollatorWithPadding
        ft.DataCollatorWithPadding = lambda tok: DataCollatorWithPadding(tok, padding="max_length", max_length=max_length)
        try:
            padded = finetune(rows, rows, model, max_length, cfg, seed=0, out_dir=Path(out) / "b")
        finally:
            ft.DataCollatorWithPadding = original
        full = finetune(rows, rows, model, max_length, {**cfg, "mixed_precision": "none"}, seed=0,
                        out_dir=Path(out) / "c") if ours["bf16"] else None  # float32 only when ours was bf16
    precision = "bf16" if ours["bf16"] else "float32"
    print(f"training, dynamic padding + length groups ({precision}): {ours['train_samples_per_second']:8.1f} "
          "examples/s")
    print(f"training, padded to max_length={max_length} ({precision}):  {padded['train_samples_per_second']:8.1f} "
          f"examples/s (ratio {ours['train_samples_per_second'] / padded['train_samples_per_second']:.1f}x)")
    if full:
        print(f"training, dynamic padding + length groups (float32): {full['train_samples_per_second']:8.1f} "
              f"examples/s (ratio {ours['train_samples_per_second'] / full['train_samples_per_second']:.1f}x)")


def main() -> None:
    params = OmegaConf.to_container(OmegaConf.load(ROOT / "params.yaml"), resolve=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "finetuned"))
    parser.add_argument("--data", default=str(ROOT / "data" / "processed" / "train.jsonl"))
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--batch-size", type=int, default=params["model"]["batch_size"])
    parser.add_argument("--train-rows", type=int, default=256, help="0 skips the training benchmark")
    parser.add_argument("--base-model", default=params["model"]["name_or_path"])
    parser.add_argument("--max-length", type=int, default=params["model"]["max_length"])
    args = parser.parse_args()
    rows = read_jsonl(Path(args.data))
    predict_speed(Path(args.model), rows[: args.pairs], args.batch_size)
    if args.train_rows:
        train_speed(rows[: args.train_rows], args.base_model, args.max_length, params["train"])


if __name__ == "__main__":
    main()
