"""Corpus checks: counts, near-duplicates, and leakage from held-out text."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from pipeline.data.schema import OFF_TARGET, STANCES

WORD = re.compile(r"\w+", re.UNICODE)


def corpus_stats(rows: list[dict]) -> dict:
    """Label and target counts, distinct actors, quote-length distribution (words)."""
    labels = Counter(r["label"] for r in rows)
    on_target = sum(labels[s] for s in STANCES)
    lengths = np.array([len(WORD.findall(r["quote"])) for r in rows]) if rows else np.zeros(1)
    return {
        "rows": len(rows),
        "articles": len({r["article_id"] for r in rows}),
        "labels": dict(sorted(labels.items())),
        "label_share_of_on_target": {s: round(labels[s] / on_target, 3) if on_target else 0.0 for s in STANCES},
        "off_target_share": round(labels[OFF_TARGET] / len(rows), 3) if rows else 0.0,
        "targets": dict(Counter(r["target"] for r in rows).most_common()),
        "distinct_actors": len({r["actor"] for r in rows}),
        "quote_words": {q: int(np.percentile(lengths, p)) for q, p in
                        (("min", 0), ("p10", 10), ("median", 50), ("p90", 90), ("max", 100))},
    }


def near_duplicates(rows: list[dict], ngram: int, threshold: float) -> list[tuple[str, str, float]]:
    """Pairs of row ids with the same target whose quotes' character n-gram Jaccard exceeds threshold."""
    found: list[tuple[str, str, float]] = []
    by_target: dict[str, list[dict]] = {}
    for row in rows:
        by_target.setdefault(row["target"], []).append(row)
    for group in by_target.values():
        if len(group) < 2:
            continue
        vec = CountVectorizer(analyzer="char", ngram_range=(ngram, ngram), binary=True, lowercase=True)
        grams = vec.fit_transform([r["quote"] for r in group]).astype(np.float32)
        sizes = np.asarray(grams.sum(axis=1)).ravel()
        inter = (grams @ grams.T).tocoo()
        jaccard = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
        keep = (inter.row < inter.col) & (jaccard > threshold)
        found += [(group[i]["id"], group[j]["id"], round(float(v), 3))
                  for i, j, v in zip(inter.row[keep], inter.col[keep], jaccard[keep])]
    return sorted(found)


def duplicate_rate(pairs: list[tuple[str, str, float]], total: int) -> float:
    """Share of rows that are a near-duplicate of another row (counting the second of each pair)."""
    return len({b for _, b, _ in pairs}) / total if total else 0.0


def word_shingles(text: str, size: int) -> set[tuple[str, ...]]:
    """All runs of `size` consecutive lowercase words."""
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def held_out_texts(dirs: list[Path]) -> list[str]:
    """Every text file and every JSONL line under the held-out folders that exist."""
    texts: list[str] = []
    for folder in dirs:
        if Path(folder).is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(folder).iterdir())
                      if p.is_file()]
    return texts


def leaked_rows(rows: list[dict], held_out: list[str], min_words: int) -> list[dict]:
    """Rows whose quote shares `min_words` consecutive words with any held-out text."""
    banned: set[tuple[str, ...]] = set()
    for text in held_out:
        banned |= word_shingles(text, min_words)
    return [{"id": r["id"], "quote": r["quote"]} for r in rows if word_shingles(r["quote"], min_words) & banned]
