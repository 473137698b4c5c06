"""What every stance classifier takes and returns."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol, Sequence


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
