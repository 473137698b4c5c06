"""Extraction scorer: predicted actor-quote rows against gold rows (ANNOTATION.md).

- A gold pair is found when a predicted pair of the same article has the same actor and its quote
  covers at least half of the gold quote's words (longest common word subsequence).
- Precision uses the same rule from the predicted side.
- Attribution accuracy: of the gold pairs whose quote some prediction covers (any actor), the share
  covered by a prediction with the right actor.
- Actor-stance P/R/F1: per article the set of (actor, label) for on-target actors, pooled; once from every
  predicted pair's label (ANNOTATION.md) and once from each actor's majority stance in the article.
One actor-matching rule (`same_actor`) serves every figure.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable, Mapping, Sequence

from pipeline.data.schema import OFF_TARGET, STANCES
from pipeline.outputs.actors import article_actor_table

_WORD = re.compile(r"\w+")
_DOUBLED = re.compile(r"(\w)\1+")


def normalise_name(name: str) -> str:
    """Lowercase, accents and punctuation removed, doubled letters collapsed (transliterations:
    "Zelenskyy" == "Zelensky")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_DOUBLED.sub(r"\1", w) for w in _WORD.findall(plain))


def _alias_index(aliases: Mapping | None) -> dict[str, str]:
    """Normalised alias -> normalised canonical name."""
    index: dict[str, str] = {}
    for canonical, variants in (aliases or {}).items():
        key = normalise_name(str(canonical))
        for variant in [canonical, *(variants or [])]:
            index[normalise_name(str(variant))] = key
    return index


def _same(a: str, b: str, index: Mapping[str, str]) -> bool:
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    if na == nb or na.split()[-1] == nb.split()[-1]:
        return True
    return index.get(na, na) == index.get(nb, nb)


def same_actor(a: str, b: str, aliases: Mapping | None = None) -> bool:
    """Whether two actor names denote the same actor: their normalised names share the surname
    (last word), or one is an alias of the other (`aliases`: canonical -> list of aliases)."""
    return _same(a, b, _alias_index(aliases))


def quote_words(text: str) -> list[str]:
    """The words of a quote, normalised for comparison."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word lists."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def quote_overlaps(predicted: str, gold: str) -> bool:
    """The predicted quote covers at least half of the gold quote's words."""
    gold_words = quote_words(gold)
    return bool(gold_words) and 2 * _common(quote_words(predicted), gold_words) >= len(gold_words)


def _by_article(rows: Iterable[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[str(row.get("article_id"))].append(row)
    return grouped


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def _stance_items(rows: list[dict], index: Mapping[str, str]) -> list[tuple[str, str, set[str]]]:
    """Distinct (actor, label) of the on-target rows of one article, with the labels each accepts
    (its own and any `alt_labels`)."""
    items: list[tuple[str, str, set[str]]] = []
    for row in rows:
        label = row.get("label")
        if label not in STANCES:
            continue
        same = next((item for item in items if item[1] == label and _same(item[0], row["actor"], index)), None)
        if same:
            same[2].update(row.get("alt_labels") or ())
        else:
            items.append((row["actor"], label, {label, *(row.get("alt_labels") or ())}))
    return items


def _actor_stance_counts(predicted: Mapping[str, list[dict]], gold: Mapping[str, list[dict]],
                         index: Mapping[str, str]) -> tuple[int, int, int, int]:
    """Pooled over articles: matched predicted items, matched gold items, predicted items, gold items."""
    tp_pred = tp_gold = n_pred = n_gold = 0
    for article in set(predicted) | set(gold):
        pred_items, gold_items = _stance_items(predicted.get(article, []), index), _stance_items(gold.get(article, []), index)
        match = [[_same(a, b, index) and label in accepted for b, _, accepted in gold_items]
                 for a, label, _ in pred_items]
        n_pred += len(pred_items)
        n_gold += len(gold_items)
        tp_pred += sum(any(row) for row in match)
        tp_gold += sum(any(col) for col in zip(*match)) if match else 0
    return tp_pred, tp_gold, n_pred, n_gold


def majority_rows(pred_rows: list[dict]) -> list[dict]:
    """One row per article, actor and target carrying the actor's majority stance in that article
    (the actor table's rule; `none` when all of the actor's pairs there are off target)."""
    return [{"article_id": r["article_id"], "actor": r["actor"], "target": r["target"],
             "label": r["majority"] or OFF_TARGET} for r in article_actor_table(pred_rows)]


def score_extraction(pred_rows: list[dict], gold_rows: list[dict], aliases: Mapping | None = None) -> dict:
    """Pair recall (all and on-target gold pairs), pair precision, attribution accuracy and the
    end-to-end actor-stance precision/recall/F1 (every predicted pair's label, as ANNOTATION.md defines
    it, and `..._majority`: one stance per actor and article, the actor's majority there), with the
    counts behind them."""
    index = _alias_index(aliases)
    predicted, gold = _by_article(pred_rows), _by_article(gold_rows)
    found = found_on = on_target = covered = attributed = correct = 0
    for article in set(predicted) | set(gold):
        preds, golds = predicted.get(article, []), gold.get(article, [])
        overlap = [[quote_overlaps(p["quote"], g["quote"]) for p in preds] for g in golds]
        for g, row in zip(golds, overlap):
            hit = any(o and _same(p["actor"], g["actor"], index) for p, o in zip(preds, row))
            on = g.get("label") != OFF_TARGET
            found += hit
            on_target += on
            found_on += hit and on
            covered += any(row)
            attributed += hit
        for j, p in enumerate(preds):
            correct += any(overlap[i][j] and _same(p["actor"], g["actor"], index) for i, g in enumerate(golds))
    stance_tp_pred, stance_tp_gold, stance_pred, stance_gold = _actor_stance_counts(predicted, gold, index)
    precision, recall = _ratio(stance_tp_pred, stance_pred), _ratio(stance_tp_gold, stance_gold)
    major_tp_pred, major_tp_gold, major_pred, _ = _actor_stance_counts(_by_article(majority_rows(pred_rows)), gold, index)
    major_precision, major_recall = _ratio(major_tp_pred, major_pred), _ratio(major_tp_gold, stance_gold)
    return {
        "pair_recall": _ratio(found, len(gold_rows)),
        "pair_recall_on_target": _ratio(found_on, on_target),
        "pair_precision": _ratio(correct, len(pred_rows)),
        "attribution_accuracy": _ratio(attributed, covered),
        "actor_stance_precision": precision,
        "actor_stance_recall": recall,
        "actor_stance_f1": _f1(precision, recall),
        "actor_stance_majority_precision": major_precision,
        "actor_stance_majority_recall": major_recall,
        "actor_stance_majority_f1": _f1(major_precision, major_recall),
        "n_predicted": len(pred_rows),
        "n_gold": len(gold_rows),
        "n_gold_on_target": on_target,
        "n_found": found,
        "n_found_on_target": found_on,
        "n_predicted_correct": correct,
        "n_quote_found": covered,
        "n_actor_stance_predicted": stance_pred,
        "n_actor_stance_gold": stance_gold,
        "n_actor_stance_matched_predicted": stance_tp_pred,
        "n_actor_stance_matched_gold": stance_tp_gold,
        "n_actor_stance_majority_predicted": major_pred,
    }
