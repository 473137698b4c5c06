"""Extraction speed: articles/s of `extract_pairs` alone (no classifier).

    .venv/bin/python benchmarks/extraction_speed.py [--articles DIR] [--seconds 5]

Reads every .txt/.md/.html article of DIR (default: the gold seed articles beside the clone when they
exist, else data/articles), then extracts from them again and again for about `--seconds`, with the
composed `extract` config exactly as the predict script passes it. Prints articles/s by wall clock and
by CPU time of this process (the second is the fairer figure on a busy machine).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import compose_config  # noqa: E402
from pipeline.extraction import extract_pairs, read_article_text  # noqa: E402
from pipeline.inputs import ARTICLE_SUFFIXES  # noqa: E402


def default_articles(seeds_dir: str) -> Path:
    """The seed articles when they exist, else the sample articles."""
    seeds = (ROOT / seeds_dir).resolve()
    return seeds if seeds.is_dir() else ROOT / "data" / "articles"


def main() -> None:
    cfg = compose_config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=default_articles(cfg.paths.seeds_dir))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    files = sorted(p for p in args.articles.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    if not files:
        sys.exit(f"{args.articles}: no {', '.join(ARTICLE_SUFFIXES)} articles")
    texts = [read_article_text(f, cfg.extract) for f in files]
    pairs = sum(len(extract_pairs(t, cfg.extract)) for t in texts)   # warm-up: compiles the lexicon
    done, wall, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < args.seconds:
        for text in texts:
            extract_pairs(text, cfg.extract)
        done += len(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"articles: {len(texts)} from {args.articles} (mean {words:.0f} words, {pairs} pairs in one pass)")
    print(f"extraction: {done / wall:7.1f} articles/s wall clock, {done / cpu:7.1f} articles/s CPU time "
          f"({done} extractions in {wall:.1f} s)")


if __name__ == "__main__":
    main()
