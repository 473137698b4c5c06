"""Zero-shot baseline on sentence embeddings: label descriptions as prototypes, no training."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from pipeline.classifiers.base import Prediction
from pipeline.data.schema import OFF_TARGET, STANCES


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class EmbeddingZeroShot:
    """Cosine similarity of a quote to natural-language descriptions of each stance toward the target.

    Off target is decided by the quote's similarity to descriptions of the target itself, against a
    threshold, so an unrelated quote is never forced into one of the three stances.
    """

    name = "zeroshot"

    def __init__(self, encoder, cfg: Mapping):
        self.encoder = encoder
        self.cfg = cfg
        self._cache: dict[str, np.ndarray] = {}

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised embeddings, encoding each distinct text once across calls."""
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            vectors = self.encoder.encode(missing, batch_size=self.cfg["batch_size"], normalize_embeddings=True,
                                          convert_to_numpy=True, show_progress_bar=False)
            self._cache.update(zip(missing, vectors))
        return np.stack([self._cache[t] for t in texts])

    def _similarity(self, quotes: np.ndarray, templates: Sequence[str], pairs: Sequence[Mapping]) -> np.ndarray:
        """Per pair, pooled cosine similarity to the templates filled with its actor and target."""
        filled = [[t.format(actor=p["actor"], target=p["target"]) for t in templates] for p in pairs]
        flat = self._embed([s for row in filled for s in row]).reshape(len(pairs), len(templates), -1)
        sims = np.einsum("nd,ntd->nt", quotes, flat)
        return sims.max(axis=1) if self.cfg["pooling"] == "max" else sims.mean(axis=1)

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """Label each pair; `none` when the quote is not close enough to the target."""
        if not pairs:
            return []
        quotes = self._embed([self.cfg["text_template"].format(actor=p["actor"], quote=p["quote"]) for p in pairs])
        stance_sims = np.stack([self._similarity(quotes, self.cfg["descriptions"][s], pairs) for s in STANCES], axis=1)
        stance_probs = _softmax(stance_sims / self.cfg["temperature"])
        on_sim = self._similarity(quotes, self.cfg["target_descriptions"], pairs)
        p_on = 1 / (1 + np.exp(-(on_sim - self.cfg["on_target_threshold"]) / self.cfg["on_target_temperature"]))
        predictions = []
        for probs, on in zip(stance_probs, p_on):
            scores = {s: float(p * on) for s, p in zip(STANCES, probs)}
            scores[OFF_TARGET] = float(1 - on)
            label = STANCES[int(probs.argmax())] if on >= 0.5 else OFF_TARGET
            predictions.append(Prediction(label, scores))
        return predictions
