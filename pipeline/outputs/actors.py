"""The actor table: per actor and target, how many pairs took each stance, and the prevailing one."""
from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

from pipeline.data.schema import OFF_TARGET, STANCES

COLUMNS = ["actor", "target", "pairs", *STANCES, "off_target", "majority", "mean_confidence", "strongest_quote",
           "strongest_article_id"]
ARTICLE_COLUMNS = ["article_id", *COLUMNS[:-1]]


def actor_row(actor: str, target: str, rows: Sequence[Mapping]) -> dict:
    """One table row from one actor's labelled pairs about one target.

    The majority stance is the one with most pairs, ties going to the higher summed score, then to the
    order of STANCES; its mean confidence is the mean score of that stance over those pairs, and the
    strongest quote is the one among them with the highest such score. Off-target pairs are counted
    but never make a majority; with no stance pairs these fields are empty.
    """
    counts = {label: sum(r["label"] == label for r in rows) for label in (*STANCES, OFF_TARGET)}
    row = {"actor": actor, "target": target, "pairs": len(rows), **{s: counts[s] for s in STANCES},
           "off_target": counts[OFF_TARGET], "majority": "", "mean_confidence": "", "strongest_quote": "",
           "strongest_article_id": ""}
    if counts[OFF_TARGET] == len(rows):
        return row
    total = {s: sum(float(r["scores"][s]) for r in rows if r["label"] == s) for s in STANCES}
    majority = max(STANCES, key=lambda s: (counts[s], total[s]))
    strongest = max((r for r in rows if r["label"] == majority), key=lambda r: float(r["scores"][majority]))
    row.update(majority=majority, mean_confidence=round(total[majority] / counts[majority], 4),
               strongest_quote=strongest["quote"], strongest_article_id=strongest.get("article_id") or "")
    return row


def actor_table(rows: Sequence[Mapping]) -> list[dict]:
    """Rows of labelled pairs (extracted or given) grouped by (actor, target); most stance pairs first."""
    groups: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
    for row in rows:
        groups[(row["actor"], row["target"])].append(row)
    table = [actor_row(actor, target, group) for (actor, target), group in groups.items()]
    return sorted(table, key=lambda r: (-(r["pairs"] - r["off_target"]), -r["pairs"], r["actor"], r["target"]))


def article_actor_table(rows: Sequence[Mapping]) -> list[dict]:
    """The actor table of each article (`actor_table` on its pairs), articles in id order."""
    by_article: dict[str, list[Mapping]] = defaultdict(list)
    for row in rows:
        by_article[str(row.get("article_id") or "")].append(row)
    return [{"article_id": article, **{k: v for k, v in row.items() if k != "strongest_article_id"}}
            for article in sorted(by_article) for row in actor_table(by_article[article])]
