"""DVC stage `zeroshot`: score dev and test with the zero-shot baseline."""
from __future__ import annotations

import logging
from pathlib import Path

import hydra
from omegaconf import DictConfig

from pipeline.classifiers.loading import load_zeroshot
from pipeline.prediction import label
from pipeline.cli import run_or_exit
from pipeline.evaluation.metrics import score_labelled
from pipeline.io import read_jsonl, write_jsonl

log = logging.getLogger(__name__)


def zeroshot(cfg: DictConfig) -> dict:
    """Write `zeroshot_{dev,test}.jsonl` predictions; return dev/test scores."""
    classifier = load_zeroshot(cfg)
    results = {}
    for split in ("dev", "test"):
        rows = read_jsonl(Path(cfg.paths.processed_dir) / f"{split}.jsonl")
        labelled = label(rows, classifier)
        write_jsonl(Path(cfg.paths.predictions_dir) / f"zeroshot_{split}.jsonl", labelled)
        results[split] = score_labelled(labelled)
        log.info("zeroshot %s: macro-F1 %.3f, on-target F1 %.3f (%d pairs)", split, results[split]["macro_f1"],
                 results[split]["on_target_f1"], len(rows))
    return results


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.zeroshot [overrides]`."""
    run_or_exit(zeroshot, cfg)


if __name__ == "__main__":
    main()
