"""Calibration of label scores: reliability bins and expected calibration error (ECE).

A row's confidence is the score of the label it was given (the highest score whenever the label is the
arg-max of the scores); it is right when that label equals `gold` or one of its `alt_labels`, as the
scorer counts it. Bins split [0, 1] into equal widths, each closed on the left; the last also holds 1.0.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from pipeline.evaluation.metrics import credit_alternatives


def confidences(rows: Sequence[Mapping]) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the score of its predicted label and whether that label is right."""
    pred = [r["label"] for r in rows]
    gold = credit_alternatives([r["gold"] for r in rows], pred, [r.get("alt_labels") for r in rows])
    conf = np.array([float(r["scores"][r["label"]]) for r in rows], dtype=float)
    return conf, np.array([p == g for p, g in zip(pred, gold)], dtype=bool)


def reliability_bins(conf: np.ndarray, correct: np.ndarray, bins: int) -> list[dict]:
    """Per equal-width bin: its edges, row count, mean confidence and accuracy (None when empty)."""
    index = np.minimum((np.asarray(conf) * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        members = index == b
        count = int(members.sum())
        out.append({"lower": b / bins, "upper": (b + 1) / bins, "count": count,
                    "confidence": float(conf[members].mean()) if count else None,
                    "accuracy": float(correct[members].mean()) if count else None})
    return out


def expected_calibration_error(bins: Sequence[Mapping]) -> float:
    """Sum over bins of (share of rows) x |accuracy - mean confidence|; 0.0 with no rows."""
    total = sum(b["count"] for b in bins)
    if not total:
        return 0.0
    return float(sum(b["count"] / total * abs(b["accuracy"] - b["confidence"]) for b in bins if b["count"]))


def calibration(rows: Sequence[Mapping], bins: int) -> dict:
    """ECE (rounded as the other metrics are), reliability bins and row count for one classifier's rows."""
    reliability = reliability_bins(*confidences(rows), bins)
    return {"ece": round(expected_calibration_error(reliability), 4), "bins": reliability, "n": len(rows)}


def ece_by_classifier(labelled: Mapping[str, Sequence[Mapping]], bins: int) -> dict[str, float]:
    """ECE per classifier name, for `reports/metrics.json`."""
    return {name: calibration(rows, bins)["ece"] for name, rows in labelled.items()}
