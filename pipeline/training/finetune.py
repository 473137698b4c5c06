"""Fine-tune a sequence classifier on labelled pairs with the transformers Trainer."""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Mapping

import numpy as np
import torch
from datasets import Dataset
from transformers import DataCollatorWithPadding, EarlyStoppingCallback, Trainer, TrainingArguments, set_seed

from pipeline.classifiers.encoding import PAIR_TEMPLATE, tokenize_pairs
from pipeline.data.schema import LABELS
from pipeline.evaluation.metrics import score
from pipeline.model_loading import load_sequence_classifier, load_tokenizer, native_bf16, pick_device


def class_weights(rows: list[dict], mode: str) -> torch.Tensor | None:
    """Inverse-frequency weights per label ('balanced', as scikit-learn defines it) or None."""
    if mode == "none":
        return None
    counts = Counter(r["label"] for r in rows)
    return torch.tensor([len(rows) / (len(LABELS) * max(counts[label], 1)) for label in LABELS], dtype=torch.float)


class WeightedTrainer(Trainer):
    """Trainer with class-weighted, optionally label-smoothed cross-entropy."""

    def __init__(self, *args, label_weights: torch.Tensor | None = None, label_smoothing: float = 0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_weights = label_weights
        self.label_smoothing = label_smoothing

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        weight = None if self.label_weights is None else self.label_weights.to(outputs.logits.device)
        loss = torch.nn.functional.cross_entropy(outputs.logits, labels, weight=weight,
                                                 label_smoothing=self.label_smoothing)
        return (loss, outputs) if return_outputs else loss


def freeze_input_embeddings(model) -> int:
    """Stop training the token embedding matrix (most of a small encoder's weights); return how many
    parameters were frozen. Works for any model through `get_input_embeddings`."""
    weight = model.get_input_embeddings().weight
    weight.requires_grad_(False)
    return weight.numel()


def freeze_lower_layers(model, count: int) -> int:
    """Stop training the embeddings block and the lowest `count` transformer layers (then no gradient
    flows below them, so a step costs less); return how many parameters were frozen."""
    if count <= 0:
        return 0
    layers = next((m for m in model.base_model.modules() if isinstance(m, torch.nn.ModuleList)
                   and len(m) == model.base_model.config.num_hidden_layers), None)
    if layers is None or count > len(layers):
        raise ValueError(f"cannot freeze {count} layers of a {type(model).__name__}")
    frozen = 0
    embeddings = getattr(model.base_model, "embeddings", model.get_input_embeddings())
    for module in [embeddings, *layers[:count]]:
        for parameter in module.parameters():
            frozen += parameter.numel() if parameter.requires_grad else 0
            parameter.requires_grad_(False)
    return frozen


def use_bf16(mode: str, device: torch.device) -> bool:
    """Resolve `train.mixed_precision` (auto | bf16 | none) for a device."""
    if mode not in ("auto", "bf16", "none"):
        raise ValueError(f"train.mixed_precision must be auto, bf16 or none, not {mode!r}")
    return mode == "bf16" or (mode == "auto" and native_bf16(device))


def to_dataset(rows: list[dict], tokenizer, max_length: int) -> Dataset:
    """Tokenised pairs with integer labels."""
    encoded = tokenize_pairs(tokenizer, rows, max_length, PAIR_TEMPLATE)
    return Dataset.from_dict({**encoded, "labels": [LABELS.index(r["label"]) for r in rows]})


def selection_metrics(eval_pred) -> dict:
    """Dev figures computed each epoch; `macro_f1_4way` picks the best checkpoint."""
    logits, labels = eval_pred
    result = score([LABELS[i] for i in labels], [LABELS[i] for i in np.argmax(logits, axis=-1)])
    return {k: result[k] for k in ("macro_f1", "macro_f1_4way", "on_target_f1", "accuracy")}


def best_dev_figures(state) -> dict:
    """The dev figures logged at the checkpoint the Trainer kept (the last evaluation if none was kept)."""
    evaluations = [h for h in state.log_history if "eval_macro_f1_4way" in h]
    return next((h for h in evaluations if h.get("step") == state.best_global_step), evaluations[-1])


def finetune(train_rows: list[dict], dev_rows: list[dict], model_name: str, max_length: int,
             train_cfg: Mapping, seed: int, out_dir: Path) -> dict:
    """Train, keep the best dev checkpoint, save it to `out_dir`; return the training summary."""
    set_seed(seed)
    tokenizer = load_tokenizer(model_name)
    model = load_sequence_classifier(model_name, labels=list(LABELS), num_layers=train_cfg["encoder_layers"],
                                     pooling=train_cfg["pooling"])
    frozen = freeze_input_embeddings(model) if train_cfg["freeze_input_embeddings"] else 0
    frozen += freeze_lower_layers(model, train_cfg["freeze_layers"])
    train_rows = train_rows[: train_cfg["max_train_samples"]] if train_cfg["max_train_samples"] else train_rows
    dev_rows = dev_rows[: train_cfg["max_eval_samples"]] if train_cfg["max_eval_samples"] else dev_rows
    device = pick_device()
    bf16 = use_bf16(train_cfg["mixed_precision"], device)
    with tempfile.TemporaryDirectory(prefix="stance-ckpt-") as ckpt_dir:
        args = TrainingArguments(
            output_dir=ckpt_dir,
            num_train_epochs=train_cfg["epochs"],
            learning_rate=train_cfg["learning_rate"],
            per_device_train_batch_size=train_cfg["batch_size"],
            per_device_eval_batch_size=train_cfg["eval_batch_size"],
            weight_decay=train_cfg["weight_decay"],
            warmup_steps=train_cfg["warmup_ratio"],  # a float below 1 is a share of all steps
            eval_strategy="epoch",
            save_strategy="epoch",
            save_total_limit=2,
            load_best_model_at_end=True,
            metric_for_best_model="macro_f1_4way",
            greater_is_better=True,
            train_sampling_strategy="group_by_length",
            seed=seed,
            data_seed=seed,
            use_cpu=device.type == "cpu",
            bf16=bf16,
            report_to=[],
            logging_strategy="epoch",
            disable_tqdm=not sys.stderr.isatty(),
        )
        trainer = WeightedTrainer(
            model=model,
            args=args,
            train_dataset=to_dataset(train_rows, tokenizer, max_length),
            eval_dataset=to_dataset(sorted(dev_rows, key=lambda r: len(r["quote"])), tokenizer, max_length),
            processing_class=tokenizer,
            data_collator=DataCollatorWithPadding(tokenizer),
            compute_metrics=selection_metrics,
            callbacks=[EarlyStoppingCallback(early_stopping_patience=train_cfg["early_stopping_patience"])],
            label_weights=class_weights(train_rows, train_cfg["class_weighting"]),
            label_smoothing=train_cfg["label_smoothing"],
        )
        result = trainer.train()
        best = best_dev_figures(trainer.state)
        trainer.save_model(str(out_dir))
        tokenizer.save_pretrained(str(out_dir))
    (out_dir / "training_args.bin").unlink(missing_ok=True)  # a pickle; nothing should load it
    return {
        "train_rows": len(train_rows),
        "dev_rows": len(dev_rows),
        "epochs_run": round(float(result.metrics.get("epoch", 0.0)), 2),
        "train_seconds": round(result.metrics["train_runtime"], 1),
        "train_samples_per_second": round(result.metrics["train_samples_per_second"], 2),
        "dev": {k.removeprefix("eval_"): round(v, 4) for k, v in best.items()
                if k.removeprefix("eval_") in ("macro_f1", "macro_f1_4way", "on_target_f1", "accuracy")},
        "encoder_layers": model.base_model.config.num_hidden_layers,
        "pooling": train_cfg["pooling"],
        "label_smoothing": train_cfg["label_smoothing"],
        "bf16": bf16,
        "frozen_parameters": frozen,
        "pair_template": PAIR_TEMPLATE,
    }
