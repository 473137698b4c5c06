"""DVC stage `train`: fine-tune the encoder, choose the CPU int8 path, fit a temperature, save a documented
model dir."""
from __future__ import annotations

import logging
from pathlib import Path

import hydra
import numpy as np
from omegaconf import DictConfig

from pipeline.classifiers.finetuned import METADATA, FineTunedClassifier
from pipeline.classifiers.temperature import fit_temperature, log_loss, scale
from pipeline.cli import run_or_exit
from pipeline.config import as_dict
from pipeline.data.schema import LABELS
from pipeline.evaluation.calibration import calibration
from pipeline.evaluation.metrics import stance_macro_f1
from pipeline.io import read_jsonl, write_json
from pipeline.training.finetune import finetune
from pipeline.training.model_card import file_sha256, library_versions, model_card

log = logging.getLogger(__name__)


def int8_agreement(model_dir: Path, rows: list[dict], min_agreement: float, fallback_margin: float,
                   keep_float: list[str]) -> tuple[dict, np.ndarray]:
    """Share of dev pairs where the int8 path's label (float re-scoring the pairs int8 is unsure about)
    equals the float model's; the path is used if that share is high enough. Also the raw dev probabilities
    (pairs x LABELS) of the path predict will take, int8 or float, for the temperature fit."""
    classifier = FineTunedClassifier(model_dir, int8=True, fallback_margin=fallback_margin, keep_float=keep_float)
    float_probs = classifier.scored(rows, float_only=True)[0]
    probs, unsure = classifier.scored(rows)
    float_labels = [LABELS[int(i)] for i in float_probs.argmax(dim=-1)]
    int8_labels = [LABELS[int(i)] for i in probs.argmax(dim=-1)]
    agreement = sum(a == b for a, b in zip(float_labels, int8_labels)) / max(len(rows), 1)
    gold = [r["label"] for r in rows]
    use = agreement >= min_agreement
    return {"agreement": round(agreement, 4), "min_agreement": min_agreement, "use": use,
            "keep_float": keep_float, "fallback_margin": fallback_margin, "fallback_share": round(float(unsure.float().mean()), 4) if rows else 0.0,
            "pairs": len(rows), "dev_macro_f1_float": round(stance_macro_f1(gold, float_labels), 4),
            "dev_macro_f1_int8": round(stance_macro_f1(gold, int8_labels), 4)}, (probs if use else float_probs).numpy()


def calibration_figures(rows: list[dict], probs: np.ndarray, bins: int) -> dict:
    """Dev log-loss of the gold labels and ECE of the predicted ones under `probs` (pairs x LABELS)."""
    labelled = [{"gold": r["label"], "alt_labels": r.get("alt_labels"), "label": LABELS[int(p.argmax())],
                 "scores": dict(zip(LABELS, p.tolist()))} for r, p in zip(rows, probs)]
    return {"log_loss": round(log_loss(probs, [LABELS.index(r["label"]) for r in rows]), 4) if rows else 0.0,
            "ece": calibration(labelled, bins)["ece"]}


def fit_calibration(raw: np.ndarray, rows: list[dict], enabled: bool, bins: int) -> dict:
    """The temperature with the lowest dev log-loss for `raw`, the dev probabilities predict gives before
    scaling, or 1.0 when disabled; with dev log-loss and ECE before and after."""
    temperature = round(fit_temperature(raw, [LABELS.index(r["label"]) for r in rows]), 4) if enabled and rows else 1.0
    return {"temperature": temperature, "fitted_on": "dev", "pairs": len(rows),
            "dev_before": calibration_figures(rows, raw, bins),
            "dev_after": calibration_figures(rows, scale(raw, temperature), bins)}


def train(cfg: DictConfig) -> dict:
    """Fine-tune on train, select on dev, write the model directory with metadata and card."""
    processed = Path(cfg.paths.processed_dir)
    model_dir = Path(cfg.paths.model_dir)
    train_rows, dev_rows = read_jsonl(processed / "train.jsonl"), read_jsonl(processed / "dev.jsonl")
    summary = finetune(train_rows, dev_rows, cfg.model.name_or_path, cfg.model.max_length, cfg.train, cfg.seed,
                       model_dir)
    int8, dev_probs = int8_agreement(model_dir, dev_rows, cfg.train.int8_min_agreement,
                                     cfg.train.int8_fallback_margin, list(cfg.train.int8_keep_float))
    calibrated = fit_calibration(dev_probs, dev_rows, cfg.train.temperature_scaling, cfg.evaluate.calibration_bins)
    write_json(model_dir / METADATA, {
        "base_model": cfg.model.name_or_path,
        "labels_from": "pipeline.data.schema.LABELS",
        "pair_template": summary["pair_template"],
        "max_length": cfg.model.max_length,
        "int8": int8,
        "calibration": calibrated,
        "summary": summary,
        "data_sha256": file_sha256([processed / "train.jsonl", processed / "dev.jsonl"]),
        "versions": library_versions(),
        "config": as_dict(cfg),
    })
    (model_dir / "README.md").write_text(model_card(cfg.model.name_or_path, summary, int8, calibrated))
    write_json(Path(cfg.paths.reports_dir) / "train_summary.json", {**summary, "int8": int8, "calibration": calibrated})
    log.info("train: dev macro-F1 %.3f, on-target F1 %.3f; %.1f examples/s; int8 agreement %.4f (used: %s); "
             "temperature %.3f (dev ECE %.3f -> %.3f)", summary["dev"].get("macro_f1", 0),
             summary["dev"].get("on_target_f1", 0), summary["train_samples_per_second"], int8["agreement"],
             int8["use"], calibrated["temperature"], calibrated["dev_before"]["ece"], calibrated["dev_after"]["ece"])
    return summary


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.train [overrides]`."""
    run_or_exit(train, cfg)


if __name__ == "__main__":
    main()
