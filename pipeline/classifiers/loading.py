"""Build the classifier a config asks for: one way for the stages, the predict script and the tests."""
from __future__ import annotations

from omegaconf import DictConfig

from pipeline.classifiers.base import StanceClassifier
from pipeline.errors import PipelineError

KINDS = ("finetuned", "zeroshot")


def load_zeroshot(cfg: DictConfig) -> StanceClassifier:
    """The zero-shot baseline of `cfg.zeroshot.backend`."""
    if cfg.zeroshot.backend == "embedding":
        from pipeline.classifiers.embedding_zeroshot import EmbeddingZeroShot
        from pipeline.model_loading import load_sentence_encoder

        return EmbeddingZeroShot(load_sentence_encoder(cfg.zeroshot.model), cfg.zeroshot)
    if cfg.zeroshot.backend == "nli":
        from pipeline.classifiers.nli_zeroshot import NLIZeroShot

        return NLIZeroShot(cfg.zeroshot)
    raise PipelineError(f"unknown zeroshot.backend '{cfg.zeroshot.backend}' (expected embedding or nli)")


def load_finetuned(cfg: DictConfig) -> StanceClassifier:
    """The fine-tuned model saved by the train stage in `cfg.paths.model_dir`."""
    from pathlib import Path

    from pipeline.classifiers.finetuned import CPU_PRECISIONS, FineTunedClassifier

    if not (Path(cfg.paths.model_dir) / "config.json").exists():
        raise PipelineError(f"{cfg.paths.model_dir}: no fine-tuned model there; run `dvc repro train` first "
                            "or use classifier=zeroshot")
    if cfg.model.cpu_precision not in ("auto", *CPU_PRECISIONS):
        raise PipelineError(f"unknown model.cpu_precision '{cfg.model.cpu_precision}' "
                            f"(expected auto, {', '.join(CPU_PRECISIONS)})")
    precision = None if cfg.model.cpu_precision == "auto" else cfg.model.cpu_precision
    return FineTunedClassifier(cfg.paths.model_dir, batch_size=cfg.model.batch_size, precision=precision)


def load_classifier(cfg: DictConfig, kind: str) -> StanceClassifier:
    """`finetuned` or `zeroshot`."""
    if kind not in KINDS:
        raise PipelineError(f"unknown classifier '{kind}' (expected one of {', '.join(KINDS)})")
    return load_finetuned(cfg) if kind == "finetuned" else load_zeroshot(cfg)
