"""From inputs to labelled actor-quote rows, with an account of every input."""
from __future__ import annotations

from typing import Mapping

from tqdm.auto import tqdm

from pipeline.classifiers.base import StanceClassifier
from pipeline.extraction import extract_pairs
from pipeline.inputs import Inputs


def extract_rows(articles: list[dict], extract_cfg: Mapping, target: str) -> tuple[list[dict], list[str]]:
    """Actor-quote rows of every article for `target`, and the ids of articles where none was found."""
    rows, empty = [], []
    for article in tqdm(articles, desc="extract", unit="article", disable=None):
        found = extract_pairs(article["text"], extract_cfg)
        if not found:
            empty.append(article["article_id"])
        rows += [{"article_id": article["article_id"], "actor": p.actor, "quote": p.quote, "start": p.start,
                  "end": p.end, "target": target} for p in found]
    return rows, empty


def given_rows(pairs: list[dict]) -> list[dict]:
    """Given pairs keep their fields and order; their offsets are unknown."""
    return [{"article_id": p.get("article_id"), **p, "start": p.get("start"), "end": p.get("end")} for p in pairs]


def label(rows: list[dict], classifier: StanceClassifier) -> list[dict]:
    """Rows with `label`, `scores` and `classifier`; a gold `label` in the input is kept as `gold`."""
    out = []
    for row, pred in zip(rows, classifier.predict(rows)):
        labelled = {k: v for k, v in row.items() if k != "label"}
        if "label" in row:
            labelled["gold"] = row["label"]
        labelled.update(label=pred.label, scores=pred.scores, classifier=classifier.name)
        out.append(labelled)
    return out


def predict(inputs: Inputs, classifier: StanceClassifier, extract_cfg: Mapping, target: str) -> tuple[list[dict], dict]:
    """Labelled rows (extracted pairs first, article by article, then given pairs) and a summary."""
    extracted, empty = extract_rows(inputs.articles, extract_cfg, target)
    rows = label(extracted + given_rows(inputs.pairs), classifier)
    summary = {
        "read": inputs.read,
        "articles": len(inputs.articles),
        "articles_without_pairs": empty,
        "given_pairs": len(inputs.pairs),
        "pairs_written": len(rows),
        "skipped": inputs.skipped,
        "classifier": classifier.name,
        "target": target,
    }
    return rows, summary
