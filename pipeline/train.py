"""DVC stage `train`: fine-tune the encoder, check the faster CPU paths (bf16, int8) on dev, fit a temperature,
save a documented model dir."""
from __future__ import annotations

import logging
from pathlib import Path

import hydra
import numpy as np
import torch
from omegaconf import DictConfig

from pipeline.classifiers.finetuned import METADATA, FineTunedClassifier, recorded_precision
from pipeline.classifiers.temperature import fit_temperature, log_loss, scale
from pipeline.cli import run_or_exit
from pipeline.config import as_dict
from pipeline.data.schema import LABELS
from pipeline.evaluation.calibration import calibration
from pipeline.evaluation.metrics import stance_macro_f1
from pipeline.io import read_jsonl, write_json
from pipeline.model_loading import native_bf16
from pipeline.training.finetune import finetune
from pipeline.training.model_card import file_sha256, library_versions, model_card

log = logging.getLogger(__name__)


def path_check(classifier: FineTunedClassifier, rows: list[dict], float_labels: list[str],
               min_agreement: float) -> tuple[dict, np.ndarray]:
    """Share of dev pairs where `classifier`'s CPU path gives the float model's label; the path may be used if
    that share is at least `min_agreement`. Also its raw dev probabilities (pairs x LABELS)."""
    probs, unsure = classifier.scored(rows)
    labels = [LABELS[int(i)] for i in probs.argmax(dim=-1)]
    agreement = sum(a == b for a, b in zip(float_labels, labels)) / max(len(rows), 1)
    gold = [r["label"] for r in rows]
    check = {"agreement": round(agreement, 4), "min_agreement": min_agreement, "use": agreement >= min_agreement,
             "pairs": len(rows), "dev_macro_f1_float": round(stance_macro_f1(gold, float_labels), 4),
             f"dev_macro_f1_{classifier.precision}": round(stance_macro_f1(gold, labels), 4)}
    if classifier.int8:
        check["fallback_share"] = round(float(unsure.float().mean()), 4) if rows else 0.0
    return check, probs.numpy()


def cpu_path_checks(model_dir: Path, rows: list[dict], min_agreement: float, fallback_margin: float,
                    keep_float: list[str]) -> tuple[dict, np.ndarray]:
    """The dev checks of the two faster CPU paths against float (`int8`, with float re-scoring the pairs int8 is
    unsure about, and `bf16` autocast where this CPU runs bf16 natively) and the path predict takes on this CPU
    (`cpu_precision`: bf16, else int8, else float, as `recorded_precision` picks); also that path's raw dev
    probabilities, for the temperature fit."""
    cpu = torch.device("cpu")
    int8_path = FineTunedClassifier(model_dir, device=cpu, precision="int8", fallback_margin=fallback_margin,
                                    keep_float=keep_float)
    float_probs = int8_path.scored(rows, float_only=True)[0]  # its float model: no second load
    float_labels = [LABELS[int(i)] for i in float_probs.argmax(dim=-1)]
    int8, int8_probs = path_check(int8_path, rows, float_labels, min_agreement)
    int8.update(keep_float=keep_float, fallback_margin=fallback_margin)
    bf16, bf16_probs = {"use": False, "native": False}, None
    if native_bf16(cpu):
        bf16, bf16_probs = path_check(FineTunedClassifier(model_dir, device=cpu, precision="bf16"), rows,
                                      float_labels, min_agreement)
        bf16["native"] = True
    chosen = recorded_precision({"int8": int8, "bf16": bf16}, cpu)
    probs = {"bf16": bf16_probs, "int8": int8_probs, "float": float_probs.numpy()}[chosen]
    return {"cpu_precision": chosen, "int8": int8, "bf16": bf16}, probs


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
    paths, dev_probs = cpu_path_checks(model_dir, dev_rows, cfg.train.fast_path_min_agreement,
                                       cfg.train.int8_fallback_margin, list(cfg.train.int8_keep_float))
    calibrated = fit_calibration(dev_probs, dev_rows, cfg.train.temperature_scaling, cfg.evaluate.calibration_bins)
    write_json(model_dir / METADATA, {
        "base_model": cfg.model.name_or_path,
        "labels_from": "pipeline.data.schema.LABELS",
        "pair_template": summary["pair_template"],
        "max_length": cfg.model.max_length,
        **paths,
        "calibration": calibrated,
        "summary": summary,
        "data_sha256": file_sha256([processed / "train.jsonl", processed / "dev.jsonl"]),
        "versions": library_versions(),
        "config": as_dict(cfg),
    })
    (model_dir / "README.md").write_text(model_card(cfg.model.name_or_path, summary, paths, calibrated))
    write_json(Path(cfg.paths.reports_dir) / "train_summary.json", {**summary, **paths, "calibration": calibrated})
    log.info("train: dev macro-F1 %.3f, on-target F1 %.3f; %.1f examples/s; CPU path %s (dev agreement with "
             "float: int8 %s, bf16 %s); temperature %.3f (dev ECE %.3f -> %.3f)", summary["dev"].get("macro_f1", 0),
             summary["dev"].get("on_target_f1", 0), summary["train_samples_per_second"], paths["cpu_precision"],
             paths["int8"]["agreement"], paths["bf16"].get("agreement", "not run"), calibrated["temperature"],
             calibrated["dev_before"]["ece"], calibrated["dev_after"]["ece"])
    return summary


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.train [overrides]`."""
    run_or_exit(train, cfg)


if __name__ == "__main__":
    main()
