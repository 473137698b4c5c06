"""Fast prediction with a fine-tuned model directory: length-sorted batches, inference mode, int8 on CPU."""
from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Mapping, Sequence

import torch

from pipeline.classifiers.base import Prediction
from pipeline.classifiers.encoding import PAIR_TEMPLATE, tokenize_pairs
from pipeline.model_loading import load_sequence_classifier, load_tokenizer, pick_device

METADATA = "stance_pipeline.json"


def read_metadata(model_dir: Path) -> dict:
    """What the train stage recorded beside the weights (empty for a foreign model folder)."""
    path = Path(model_dir) / METADATA
    return json.loads(path.read_text()) if path.exists() else {}


def quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 quantisation of the Linear layers, one scale per output channel (CPU only)."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    return quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)


class FineTunedClassifier:
    """A loaded model reused across calls. `int8=None` follows the train stage's agreement check."""

    name = "finetuned"

    def __init__(self, model_dir: str | Path, batch_size: int = 64, max_length: int | None = None,
                 device: torch.device | None = None, int8: bool | None = None):
        self.metadata = read_metadata(Path(model_dir))
        self.device = device or pick_device()
        self.tokenizer = load_tokenizer(str(model_dir))
        model = load_sequence_classifier(str(model_dir)).eval()
        use_int8 = self.metadata.get("int8", {}).get("use", False) if int8 is None else int8
        self.int8 = bool(use_int8 and self.device.type == "cpu")
        self.model = quantize_int8(model) if self.int8 else model.to(self.device)
        self.labels = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        self.batch_size = batch_size
        self.max_length = max_length or self.metadata.get("max_length", 128)
        self.template = self.metadata.get("pair_template", PAIR_TEMPLATE)

    @torch.inference_mode()
    def probabilities(self, pairs: Sequence[Mapping]) -> torch.Tensor:
        """Label probabilities per pair, in input order, computed in length-sorted batches."""
        encoded = tokenize_pairs(self.tokenizer, pairs, self.max_length, self.template)
        ids = encoded["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = torch.empty(len(ids), len(self.labels))
        autocast = torch.autocast("cuda", dtype=torch.bfloat16) if self.device.type == "cuda" else nullcontext()
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            batch = self.tokenizer.pad({k: [encoded[k][i] for i in chunk] for k in encoded}, return_tensors="pt")
            with autocast:
                logits = self.model(**{k: v.to(self.device) for k, v in batch.items()}).logits
            out[chunk] = torch.softmax(logits.float(), dim=-1).cpu()
        return out

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """One prediction per pair, in order."""
        if not pairs:
            return []
        probs = self.probabilities(pairs)
        return [Prediction(self.labels[int(row.argmax())], {label: round(float(p), 6) for label, p in zip(self.labels, row)})
                for row in probs]

