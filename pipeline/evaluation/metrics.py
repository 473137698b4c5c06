"""The one scorer: stance macro-F1 on on-target pairs, on-target detection, per-class figures."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from pipeline.data.schema import LABELS, OFF_TARGET, STANCES


def credit_alternatives(gold: Sequence[str], pred: Sequence[str], alts: Sequence[Sequence[str]] | None) -> list[str]:
    """Gold labels where a prediction equal to a listed alternative label counts as right."""
    if alts is None:
        return list(gold)
    return [p if p in (a or ()) else g for g, p, a in zip(gold, pred, alts)]


_STANCE_IDX = [LABELS.index(s) for s in STANCES]
_OFF_IDX = LABELS.index(OFF_TARGET)


def _pair_codes(gold: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    """One integer per (gold, predicted) pair: gold index * len(LABELS) + predicted index."""
    index = {label: i for i, label in enumerate(LABELS)}
    return np.array([index[g] * len(LABELS) + index[p] for g, p in zip(gold, pred)], dtype=np.int64)


def _counts(codes: np.ndarray) -> np.ndarray:
    return np.bincount(codes, minlength=len(LABELS) ** 2).reshape(len(LABELS), len(LABELS))


def confusion(gold: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    """Counts of (gold, predicted) label pairs, rows and columns in the order of LABELS."""
    return _counts(_pair_codes(gold, pred))


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros(np.shape(tp), dtype=float), where=denominator > 0)


def per_class_f1_of(counts: np.ndarray) -> np.ndarray:
    """F1 of each label (LABELS order) from `confusion` counts; 0 for a label neither given nor predicted."""
    tp = counts.diagonal()
    return _f1(tp, counts.sum(axis=0) - tp, counts.sum(axis=1) - tp)


def stance_macro_f1_of(counts: np.ndarray) -> float:
    """Macro-F1 over the three stances on the pairs whose gold label is on target, from `confusion`
    counts (a `none` prediction there is a miss of the gold stance)."""
    on = counts[_STANCE_IDX]
    if not on.sum():
        return 0.0
    tp = on[:, _STANCE_IDX].diagonal()
    return float(_f1(tp, on[:, _STANCE_IDX].sum(axis=0) - tp, on.sum(axis=1) - tp).mean())


def on_target_f1_of(counts: np.ndarray) -> float:
    """F1 of detecting that a pair is on target (any stance) rather than `none`, from `confusion` counts."""
    tp = counts[np.ix_(_STANCE_IDX, _STANCE_IDX)].sum()
    return float(_f1(np.array(tp), np.array(counts[_OFF_IDX, _STANCE_IDX].sum()),
                     np.array(counts[_STANCE_IDX, _OFF_IDX].sum())))


def stance_macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-F1 over the three stances on the pairs whose gold label is on target."""
    return stance_macro_f1_of(confusion(gold, pred))


def on_target_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """F1 of detecting that a pair is on target (any stance) rather than `none`."""
    return on_target_f1_of(confusion(gold, pred))


def score(gold: Sequence[str], pred: Sequence[str], alts: Sequence[Sequence[str]] | None = None) -> dict:
    """All headline and per-class figures for one classifier on one set of pairs."""
    gold = credit_alternatives(gold, pred, alts)
    on = [i for i, g in enumerate(gold) if g != OFF_TARGET]
    precision, recall, f1, support = precision_recall_fscore_support(gold, pred, labels=list(LABELS), zero_division=0)
    return {
        "n": len(gold),
        "n_on_target": len(on),
        "macro_f1": round(stance_macro_f1(gold, pred), 4),
        "accuracy_on_target": round(float(accuracy_score([gold[i] for i in on], [pred[i] for i in on])), 4) if on else 0.0,
        "accuracy": round(float(accuracy_score(gold, pred)), 4) if gold else 0.0,
        "macro_f1_4way": round(float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)), 4),
        "on_target_f1": round(on_target_f1(gold, pred), 4),
        "per_class": {label: {"precision": round(float(p), 4), "recall": round(float(r), 4),
                              "f1": round(float(f), 4), "support": int(s)}
                      for label, p, r, f, s in zip(LABELS, precision, recall, f1, support)},
        "confusion": confusion_matrix(gold, pred, labels=list(LABELS)).tolist() if gold else [],
    }


def score_labelled(rows: Sequence[Mapping]) -> dict:
    """`score` for rows that carry `gold`, `label` and optional `alt_labels` (what `prediction.label` gives)."""
    return score([r["gold"] for r in rows], [r["label"] for r in rows], [r.get("alt_labels") for r in rows])


def bootstrap_ci(gold: Sequence[str], pred: Sequence[str], metric_of, samples: int, confidence: float,
                 seed: int) -> tuple[float, float]:
    """Percentile bootstrap interval of a metric of the confusion counts (`stance_macro_f1_of`,
    `on_target_f1_of`), resampling pairs with replacement."""
    rng = np.random.default_rng(seed)
    codes = _pair_codes(gold, pred)
    values = [metric_of(_counts(codes[rng.integers(0, len(codes), len(codes))])) for _ in range(samples)]
    tail = (1 - confidence) / 2 * 100
    return round(float(np.percentile(values, tail)), 4), round(float(np.percentile(values, 100 - tail)), 4)
