"""What every stance classifier takes and returns."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol, Sequence

import numpy as np

from pipeline.data.schema import OFF_TARGET, STANCES


@dataclass(frozen=True)
class Prediction:
    """A label (a stance, or `none` for off target) with a probability per label."""

    label: str
    scores: dict[str, float]


class StanceClassifier(Protocol):
    """Anything that labels (actor, quote, target) pairs."""

    name: str

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """One prediction per pair, in order; each pair has `actor`, `quote` and `target`."""
        ...


def stance_bias(cfg: Mapping) -> np.ndarray:
    """The configured per-stance offsets (`stance_bias`, a mapping stance -> float) in STANCES order; zero for
    a stance it leaves out, and everywhere when it is not set."""
    bias = cfg.get("stance_bias") or {}
    return np.array([float(bias.get(s, 0.0)) for s in STANCES])


def combine(stance_probs: np.ndarray, p_on: np.ndarray) -> list[Prediction]:
    """Four-label predictions: stance shares (pairs x STANCES) scaled by the on-target probability.

    Off target (`none`) when the on-target probability is below 0.5; no quote is forced into a stance.
    """
    predictions = []
    for probs, on in zip(stance_probs, p_on):
        scores = {s: float(p * on) for s, p in zip(STANCES, probs)}
        scores[OFF_TARGET] = float(1 - on)
        label = STANCES[int(probs.argmax())] if on >= 0.5 else OFF_TARGET
        predictions.append(Prediction(label, scores))
    return predictions
