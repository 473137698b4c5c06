"""The predict script: `python -m pipeline.predict input=PATH output=PATH [classifier=..] [target=..]`.

Also installed as `stance-predict`. Writes one labelled actor-quote pair per line, a summary file
beside the output, and a summary of what was read, written and skipped to stderr.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig

from pipeline.classifiers.loading import load_classifier
from pipeline.cli import run_or_exit
from pipeline.errors import PipelineError
from pipeline.inputs import load_inputs
from pipeline.io import write_json, write_jsonl
from pipeline.outputs.write import write_actor_outputs
from pipeline.prediction import predict

log = logging.getLogger(__name__)


def summary_path(output: Path) -> Path:
    """Where the run summary goes: beside the predictions file."""
    return output.with_name(output.stem + ".summary.json")


def run_predict(cfg: DictConfig) -> dict:
    """Read inputs, extract and label pairs, write outputs; return the summary."""
    if not isinstance(cfg.target, str) or not cfg.target.strip():
        raise PipelineError("target must be a non-empty string")
    output = Path(cfg.output)
    if output.is_dir():
        raise PipelineError(f"{output}: output must be a file path, not a folder")
    inputs = load_inputs(Path(cfg.input), cfg.extract, cfg.target)
    if inputs.read == 0:
        raise PipelineError(f"{cfg.input}: no articles or pairs to read")
    rows, summary = predict(inputs, load_classifier(cfg, cfg.classifier), cfg.extract, cfg.target)
    write_jsonl(output, rows)
    write_actor_outputs(rows, output, cfg.chart_max_bars)
    write_json(summary_path(output), summary)
    _report(summary, output)
    if inputs.read == len(inputs.skipped):
        raise PipelineError(f"{cfg.input}: every input was skipped; nothing to predict")
    return summary


def _report(summary: dict, output: Path) -> None:
    """The stderr summary a user reads after a run."""
    log.info("predict: read %d input(s): %d article(s), %d given pair(s); wrote %d pair(s) to %s",
             summary["read"], summary["articles"], summary["given_pairs"], summary["pairs_written"], output)
    if summary["articles_without_pairs"]:
        log.info("no actor-quote pairs found in %d article(s): %s", len(summary["articles_without_pairs"]),
                 ", ".join(summary["articles_without_pairs"]))
    for skip in summary["skipped"]:
        log.info("skipped %s", skip["reason"])
    log.info("summary: %s", summary_path(output))


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line entry point (`python -m pipeline.predict`, `stance-predict`)."""
    run_or_exit(run_predict, cfg)


if __name__ == "__main__":
    sys.exit(main())
