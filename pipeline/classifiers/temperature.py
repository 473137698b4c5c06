"""Temperature scaling (Guo et al., 2017): one scalar that softens or sharpens label probabilities without
changing which label is highest, fitted by log-loss on held-out pairs."""
from __future__ import annotations

from typing import Sequence

import numpy as np

# Candidate temperatures, evenly spaced in log scale; the fit picks the one with the lowest log-loss.
GRID = np.exp(np.linspace(np.log(0.25), np.log(8.0), 401))
FLOOR = 1e-30  # probabilities are clamped here before the log, so a float32 zero stays finite


def scale(probs: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log(probs) / T) per row: the same as dividing the logits by T."""
    logits = np.log(np.clip(probs, FLOOR, None)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=-1, keepdims=True)


def log_loss(probs: np.ndarray, gold: Sequence[int]) -> float:
    """Mean negative log-probability of the gold label."""
    return float(-np.log(np.clip(probs[np.arange(len(gold)), gold], FLOOR, None)).mean())


def fit_temperature(probs: np.ndarray, gold: Sequence[int]) -> float:
    """The grid temperature with the lowest log-loss of `gold` (label indices) under scaled `probs`."""
    losses = [log_loss(scale(probs, t), gold) for t in GRID]
    return float(GRID[int(np.argmin(losses))])
