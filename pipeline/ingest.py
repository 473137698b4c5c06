"""DVC stage `ingest`: validate labelled pairs, check the corpus, split by article."""
from __future__ import annotations

import logging
import random
from pathlib import Path

import hydra
from omegaconf import DictConfig

from pipeline.cli import run_or_exit
from pipeline.data.checks import corpus_stats, duplicate_rate, held_out_texts, leaked_rows, near_duplicates
from pipeline.data.corpus import raw_files, read_labelled
from pipeline.data.split import grouped_split
from pipeline.errors import PipelineError
from pipeline.io import write_json, write_jsonl

log = logging.getLogger(__name__)


def limit_articles(rows: list[dict], max_rows: int | None, seed: int) -> list[dict]:
    """Keep whole articles, drawn in a seeded order, until `max_rows` rows are reached."""
    if not max_rows or len(rows) <= max_rows:
        return rows
    articles = sorted({r["article_id"] for r in rows})
    random.Random(seed).shuffle(articles)
    kept: set[str] = set()
    count = 0
    for article in articles:
        if count >= max_rows:
            break
        kept.add(article)
        count += sum(r["article_id"] == article for r in rows)
    return [r for r in rows if r["article_id"] in kept]


def ingest(cfg: DictConfig) -> dict:
    """Read `paths.raw_dir`, write splits, rejects and checks; raise PipelineError on a failed check."""
    processed = Path(cfg.paths.processed_dir)
    read = read_labelled(raw_files(Path(cfg.paths.raw_dir)))
    write_jsonl(processed / "rejects.jsonl", read.rejects)
    if read.rejects:
        shown = "\n  ".join(r["reason"] for r in read.rejects[:10])
        raise PipelineError(f"{len(read.rejects)} invalid row(s) in {cfg.paths.raw_dir} "
                            f"(all listed in {processed / 'rejects.jsonl'}):\n  {shown}")
    rows = limit_articles(read.rows, cfg.data.max_rows, cfg.seed)
    duplicates = near_duplicates(rows, cfg.data.near_duplicate.ngram, cfg.data.near_duplicate.threshold)
    leaks = leaked_rows(rows, held_out_texts([Path(p) for p in cfg.paths.leakage_dirs]), cfg.data.leakage.min_words)
    splits = grouped_split(rows, cfg.data.dev_fraction, cfg.data.test_fraction, cfg.seed)
    checks = {
        "corpus": corpus_stats(rows),
        "splits": {name: corpus_stats(part) for name, part in splits.items()},
        "near_duplicates": {"rate": round(duplicate_rate(duplicates, len(rows)), 4), "pairs": duplicates},
        "leakage": {"held_out_dirs_found": [p for p in cfg.paths.leakage_dirs if Path(p).is_dir()], "rows": leaks},
    }
    for name, part in splits.items():
        write_jsonl(processed / f"{name}.jsonl", part)
    write_json(Path(cfg.paths.reports_dir) / "data_checks.json", checks)
    _log_checks(checks)
    if checks["near_duplicates"]["rate"] > cfg.data.near_duplicate.max_rate:
        raise PipelineError(f"near-duplicate rate {checks['near_duplicates']['rate']:.2%} is above "
                            f"{cfg.data.near_duplicate.max_rate:.0%}: see reports/data_checks.json")
    if leaks:
        raise PipelineError(f"{len(leaks)} quote(s) share {cfg.data.leakage.min_words}+ words with held-out "
                            f"text, first: {leaks[0]['id']}")
    return checks


def _log_checks(checks: dict) -> None:
    """Print the corpus figures a user wants to see after ingest."""
    corpus = checks["corpus"]
    log.info("ingest: %d rows in %d articles, %d distinct actors", corpus["rows"], corpus["articles"],
             corpus["distinct_actors"])
    log.info("labels: %s (off-target share %.1f%%)", corpus["labels"], 100 * corpus["off_target_share"])
    log.info("stance shares among on-target: %s", corpus["label_share_of_on_target"])
    log.info("targets: %s", corpus["targets"])
    log.info("quote length in words: %s", corpus["quote_words"])
    log.info("splits: %s", {k: v["rows"] for k, v in checks["splits"].items()})
    log.info("near-duplicate rate: %.2f%%; leaked rows: %d (held-out folders found: %s)",
             100 * checks["near_duplicates"]["rate"], len(checks["leakage"]["rows"]),
             checks["leakage"]["held_out_dirs_found"] or "none")


@hydra.main(version_base=None, config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Command line: `python -m pipeline.ingest [overrides]`."""
    run_or_exit(ingest, cfg)


if __name__ == "__main__":
    main()
