"""DVC stage `train`: fine-tune the encoder, choose the CPU int8 path, save a documented model dir."""
from __future__ import annotations

import logging
from pathlib import Path

import hydra
from omegaconf import DictConfig

from pipeline.classifiers.finetuned import METADATA, FineTunedClassifier
from pipeline.cli import run_or_exit
from pipeline.config import as_dict
from pipeline.evaluation.metrics import stance_macro_f1
from pipeline.io import read_jsonl, write_json
from pipeline.training.finetune import finetune
from pipeline.training.model_card import file_sha256, library_versions, model_card

log = logging.getLogger(__name__)


def int8_agreement(model_dir: Path, rows: list[dict], min_agreement: float, fallback_margin: float,
                   keep_float: list[str]) -> dict:
    """Share of dev pairs where the int8 path's label (float re-scoring the pairs int8 is unsure about)
    equals the float model's; the path is used if that share is high enough."""
    float_labels = [p.label for p in FineTunedClassifier(model_dir, int8=False).predict(rows)]
    int8 = FineTunedClassifier(model_dir, int8=True, fallback_margin=fallback_margin, keep_float=keep_float)
    probs, unsure = int8.scored(rows)
    int8_labels = [int8.labels[int(i)] for i in probs.argmax(dim=-1)]
    agreement = sum(a == b for a, b in zip(float_labels, int8_labels)) / max(len(rows), 1)
    gold = [r["label"] for r in rows]
    return {"agreement": round(agreement, 4), "min_agreement": min_agreement, "use": agreement >= min_agreement,
            "keep_float": keep_float, "fallback_margin": fallback_margin, "fallback_share": round(float(unsure.float().mean()), 4) if rows else 0.0,
            "pairs": len(rows), "dev_macro_f1_float": round(stance_macro_f1(gold, float_labels), 4),
            "dev_macro_f1_int8": round(stance_macro_f1(gold, int8_labels), 4)}


def train(cfg: DictConfig) -> dict:
    """Fine-tune on train, select on dev, write the model directory with metadata and card."""
    processed = Path(cfg.paths.processed_dir)
    model_dir = Path(cfg.paths.model_dir)
    train_rows, dev_rows = read_jsonl(processed / "train.jsonl"), read_jsonl(processed / "dev.jsonl")
    summary = finetune(train_rows, dev_rows, cfg.model.name_or_path, cfg.model.max_length, cfg.train, cfg.seed,
                       model_dir)
    int8 = int8_agreement(model_dir, dev_rows, cfg.train.int8_min_agreement, cfg.train.int8_fallback_margin,
                          list(cfg.train.int8_keep_float))
    write_json(model_dir / METADATA, {
        "base_model": cfg.model.name_or_path,
        "labels_from": "pipeline.data.schema.LABELS",
        "pair_template": summary["pair_template"],
        "max_length": cfg.model.max_length,
        "int8": int8,
        "summary": summary,
        "data_sha256": file_sha256([processed / "train.jsonl", processed / "dev.jsonl"]),
        "versions": library_versions(),
        "config": as_dict(cfg),
    })
    (model_dir / "README.md").write_text(model_card(cfg.model.name_or_path, summary, int8))
    write_json(Path(cfg.paths.reports_dir) / "train_summary.json", {**summary, "int8": int8})
    log.info("train: dev macro-F1 %.3f, on-target F1 %.3f; %.1f examples/s; int8 agreement %.4f (used: %s)",
             summary["dev"].get("macro_f1", 0), summary["dev"].get("on_target_f1", 0),
             summary["train_samples_per_second"], int8["agreement"], int8["use"])
    return summary


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.train [overrides]`."""
    run_or_exit(train, cfg)


if __name__ == "__main__":
    main()
