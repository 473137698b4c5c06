"""Fast prediction with a fine-tuned model directory: length-sorted batches, inference mode, on CPU bf16
autocast or int8 (with a float re-score of the pairs int8 is unsure about) where the train stage's dev checks
allowed it, on CUDA bf16 or fp16 autocast, and the temperature fitted on dev."""
from __future__ import annotations

import json
import re
from contextlib import nullcontext
from pathlib import Path
from typing import Mapping, Sequence

import torch

from pipeline.classifiers.base import Prediction
from pipeline.classifiers.encoding import PAIR_TEMPLATE, tokenize_pairs
from pipeline.classifiers.temperature import scale
from pipeline.model_loading import load_sequence_classifier, load_tokenizer, native_bf16, pick_device

METADATA = "stance_pipeline.json"
CPU_PRECISIONS = ("float", "int8", "bf16")
AUTOCAST = {"bf16": torch.bfloat16, "fp16": torch.float16}


def read_metadata(model_dir: Path) -> dict:
    """What the train stage recorded beside the weights (empty for a foreign model folder)."""
    path = Path(model_dir) / METADATA
    return json.loads(path.read_text()) if path.exists() else {}


def quantize_int8(model: torch.nn.Module, keep_float: Sequence[str] = ()) -> torch.nn.Module:
    """A copy with dynamic int8 Linear layers, one scale per output channel (CPU only); Linear layers whose
    name matches a `keep_float` pattern stay in float."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    spec = {name: per_channel_dynamic_qconfig for name, module in model.named_modules()
            if isinstance(module, torch.nn.Linear) and not any(re.search(p, name) for p in keep_float)}
    return quantize_dynamic(model, spec, dtype=torch.qint8)


def recorded_precision(metadata: Mapping, device: torch.device) -> str:
    """The CPU path the train stage's dev checks allow on this hardware: bf16 autocast where it passed and the
    CPU runs bf16 natively, else int8 where it passed, else float."""
    if metadata.get("bf16", {}).get("use") and native_bf16(device):
        return "bf16"
    return "int8" if metadata.get("int8", {}).get("use") else "float"


def running_precision(cpu_precision: str, device: torch.device) -> str:
    """What a run uses: on CUDA bf16 autocast where the GPU has bf16, else fp16; on CPU the given path."""
    if device.type == "cuda":
        return "bf16" if native_bf16(device) else "fp16"
    return cpu_precision


class FineTunedClassifier:
    """A loaded model reused across calls. `precision` (float, int8 or bf16: the CPU path; CUDA always runs
    in autocast), `fallback_margin`, `keep_float` and `temperature` left as None follow what the train stage
    recorded (its dev agreement checks and its temperature fit on dev)."""

    name = "finetuned"

    def __init__(self, model_dir: str | Path, batch_size: int = 64, max_length: int | None = None,
                 device: torch.device | None = None, precision: str | None = None,
                 fallback_margin: float | None = None, keep_float: Sequence[str] | None = None,
                 temperature: float | None = None):
        if precision not in (None, *CPU_PRECISIONS):
            raise ValueError(f"precision must be one of {', '.join(CPU_PRECISIONS)}, not {precision!r}")
        self.metadata = read_metadata(Path(model_dir))
        self.device = device or pick_device()
        self.tokenizer = load_tokenizer(str(model_dir))
        self.precision = running_precision(precision or recorded_precision(self.metadata, self.device), self.device)
        int8_check = self.metadata.get("int8", {})
        self.fallback_margin = int8_check.get("fallback_margin", 0.0) if fallback_margin is None else fallback_margin
        self.float_model = load_sequence_classifier(str(model_dir)).eval().to(self.device)
        keep_float = int8_check.get("keep_float", []) if keep_float is None else keep_float
        self.model = quantize_int8(self.float_model, keep_float) if self.int8 else self.float_model
        self.labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        self.batch_size = batch_size
        self.max_length = max_length or self.metadata.get("max_length", 128)
        self.template = self.metadata.get("pair_template", PAIR_TEMPLATE)
        fitted = self.metadata.get("calibration", {}).get("temperature", 1.0)
        self.temperature = fitted if temperature is None else temperature

    @property
    def int8(self) -> bool:
        """Whether this classifier runs the CPU int8 path."""
        return self.precision == "int8"

    def _batched(self, model: torch.nn.Module, encoded: Mapping, indices: Sequence[int], out: torch.Tensor,
                 autocast_to: torch.dtype | None = None) -> None:
        """Fill `out[indices]` with `model`'s label probabilities, in length-sorted batches (in autocast to
        `autocast_to` if given)."""
        order = sorted(indices, key=lambda i: len(encoded["input_ids"][i]))
        autocast = torch.autocast(self.device.type, dtype=autocast_to) if autocast_to else nullcontext()
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            batch = self.tokenizer.pad({k: [encoded[k][i] for i in chunk] for k in encoded}, return_tensors="pt")
            with autocast:
                logits = model(**{k: v.to(self.device) for k, v in batch.items()}).logits
            out[chunk] = torch.softmax(logits.float(), dim=-1).cpu()

    @torch.inference_mode()
    def scored(self, pairs: Sequence[Mapping], float_only: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
        """Label probabilities per pair before temperature scaling, in input order, and which pairs the float
        model re-scored: on the int8 path, pairs whose top two int8 probabilities lie closer than
        `fallback_margin`. `float_only` scores every pair with the float model, without autocast, instead."""
        encoded = tokenize_pairs(self.tokenizer, pairs, self.max_length, self.template)
        out = torch.empty(len(encoded["input_ids"]), len(self.labels))
        unsure = torch.zeros(len(out), dtype=torch.bool)
        if float_only:
            self._batched(self.float_model, encoded, range(len(out)), out)
            return out, unsure
        self._batched(self.model, encoded, range(len(out)), out, AUTOCAST.get(self.precision))
        if self.int8 and self.fallback_margin > 0 and len(out):
            top = out.topk(2, dim=-1).values
            unsure = top[:, 0] - top[:, 1] < self.fallback_margin
            self._batched(self.float_model, encoded, unsure.nonzero().flatten().tolist(), out)
        return out, unsure

    def probabilities(self, pairs: Sequence[Mapping]) -> torch.Tensor:
        """Label probabilities per pair, in input order, scaled by the temperature (labels unchanged)."""
        probs = self.scored(pairs)[0]
        if self.temperature == 1.0:
            return probs
        return torch.from_numpy(scale(probs.numpy(), self.temperature)).float()

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """One prediction per pair, in order."""
        if not pairs:
            return []
        probs = self.probabilities(pairs)
        return [Prediction(self.labels[int(row.argmax())], {label: round(float(p), 6) for label, p in zip(self.labels, row)})
                for row in probs]

