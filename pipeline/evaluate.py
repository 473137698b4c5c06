"""DVC stage `evaluate`: both classifiers on the same test split and, when present, the gold seeds."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import hydra
from omegaconf import DictConfig

from pipeline.classifiers.finetuned import read_metadata
from pipeline.classifiers.loading import load_finetuned, load_zeroshot
from pipeline.cli import run_or_exit
from pipeline.config import as_dict
from pipeline.data.corpus import read_labelled
from pipeline.evaluation.calibration import ece_by_classifier
from pipeline.evaluation.compare import evaluate_rows, headline
from pipeline.evaluation.extraction_score import score_extraction
from pipeline.evaluation.report import write_reports
from pipeline.inputs import load_inputs
from pipeline.io import read_jsonl, write_csv, write_json, write_jsonl
from pipeline.prediction import label, predict

log = logging.getLogger(__name__)
CLASSIFIERS = ("zeroshot", "finetuned")


def seed_results(cfg: DictConfig, classifiers: dict) -> dict:
    """Given-pair stance scores and end-to-end extraction scores on the gold seeds, if they exist."""
    gold_file, seeds_dir = Path(cfg.paths.gold_file), Path(cfg.paths.seeds_dir)
    if not gold_file.exists():
        log.info("evaluate: %s not found; skipping the seed evaluation", gold_file)
        return {}
    gold = read_labelled([gold_file], require_id=False)
    results: dict = {"pairs": {}, "rows": {}}
    for name, classifier in classifiers.items():
        labelled = label(gold.rows, classifier)
        results["pairs"][name] = evaluate_rows(labelled, cfg.evaluate, cfg.seed)
        results["rows"][name] = labelled
    if seeds_dir.is_dir():
        inputs = load_inputs(seeds_dir, cfg.extract, cfg.target)
        results["end_to_end"] = {}
        for name, classifier in classifiers.items():
            rows, _ = predict(inputs, classifier, cfg.extract, cfg.target)
            results["end_to_end"][name] = score_extraction(rows, gold.rows)
    return results


def evaluate(cfg: DictConfig) -> dict:
    """Write metrics, plot data and the report; return the full evaluation."""
    processed, predictions = Path(cfg.paths.processed_dir), Path(cfg.paths.predictions_dir)
    classifiers = {"zeroshot": load_zeroshot(cfg), "finetuned": load_finetuned(cfg)}
    test = read_jsonl(processed / "test.jsonl")
    labelled = {"zeroshot": read_jsonl(predictions / "zeroshot_test.jsonl"),
                "finetuned": label(test, classifiers["finetuned"])}
    write_jsonl(predictions / "finetuned_test.jsonl", labelled["finetuned"])
    results = {"test": {name: evaluate_rows(rows, cfg.evaluate, cfg.seed) for name, rows in labelled.items()},
               "seeds": seed_results(cfg, classifiers)}
    ece = ece_by_classifier(labelled, cfg.evaluate.calibration_bins)
    metrics = {"test": {name: {**headline(results["test"][name]), "ece": ece[name]} for name in CLASSIFIERS}}
    if results["seeds"]:
        metrics["seeds"] = {name: headline(results["seeds"]["pairs"][name]) for name in CLASSIFIERS}
    if results["seeds"].get("end_to_end"):
        metrics["seeds_end_to_end"] = {name: {k: v for k, v in results["seeds"]["end_to_end"][name].items()
                                              if isinstance(v, float)} for name in CLASSIFIERS}
    reports = Path(cfg.paths.reports_dir)
    write_json(reports / "metrics.json", metrics)
    for name in CLASSIFIERS:
        write_csv(reports / "plots" / f"confusion_{name}.csv",
                  ({"actual": r["gold"], "predicted": r["label"]} for r in labelled[name]), ["actual", "predicted"])
    checks = reports / "data_checks.json"
    write_reports(reports, results, labelled, test, as_dict(cfg), json.loads(checks.read_text()) if checks.exists()
                  else None, read_metadata(Path(cfg.paths.model_dir)))
    for split, figures in metrics.items():
        for name in figures:
            log.info("evaluate %s %s: %s", split, name, figures[name])
    return results


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.evaluate [overrides]`."""
    run_or_exit(evaluate, cfg)


if __name__ == "__main__":
    main()
