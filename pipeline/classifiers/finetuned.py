"""Fast prediction with a fine-tuned model directory: length-sorted batches, inference mode, on CPU int8
with a float re-score of the pairs int8 is unsure about, and the temperature fitted on dev."""
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
from pipeline.model_loading import load_sequence_classifier, load_tokenizer, pick_device

METADATA = "stance_pipeline.json"


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


class FineTunedClassifier:
    """A loaded model reused across calls. `int8`, `fallback_margin`, `keep_float` and `temperature` left as
    None follow what the train stage recorded (its int8 agreement check and its temperature fit on dev)."""

    name = "finetuned"

    def __init__(self, model_dir: str | Path, batch_size: int = 64, max_length: int | None = None,
                 device: torch.device | None = None, int8: bool | None = None, fallback_margin: float | None = None,
                 keep_float: Sequence[str] | None = None, temperature: float | None = None):
        self.metadata = read_metadata(Path(model_dir))
        self.device = device or pick_device()
        self.tokenizer = load_tokenizer(str(model_dir))
        int8_check = self.metadata.get("int8", {})
        use_int8 = int8_check.get("use", False) if int8 is None else int8
        self.int8 = bool(use_int8 and self.device.type == "cpu")
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

    def _batched(self, model: torch.nn.Module, encoded: Mapping, indices: Sequence[int], out: torch.Tensor) -> None:
        """Fill `out[indices]` with `model`'s label probabilities, in length-sorted batches."""
        order = sorted(indices, key=lambda i: len(encoded["input_ids"][i]))
        autocast = torch.autocast("cuda", dtype=torch.bfloat16) if self.device.type == "cuda" else nullcontext()
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
        `fallback_margin`. `float_only` scores every pair with the float model instead."""
        encoded = tokenize_pairs(self.tokenizer, pairs, self.max_length, self.template)
        out = torch.empty(len(encoded["input_ids"]), len(self.labels))
        self._batched(self.float_model if float_only else self.model, encoded, range(len(out)), out)
        unsure = torch.zeros(len(out), dtype=torch.bool)
        if self.int8 and not float_only and self.fallback_margin > 0 and len(out):
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

