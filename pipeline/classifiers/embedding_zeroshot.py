"""Zero-shot baseline on sentence embeddings: label descriptions as prototypes, no training."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from pipeline.classifiers.base import Prediction, combine, stance_bias
from pipeline.data.schema import STANCES

POOLINGS = ("prototype", "mean", "max")


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def pooled_similarity(quotes: np.ndarray, descriptions: np.ndarray, pooling: str) -> np.ndarray:
    """Per quote, one similarity to a set of normalised description embeddings.

    `prototype`: cosine to the (renormalised) mean description; `mean` / `max`: mean / max of the cosines.
    """
    if pooling == "prototype":
        centroid = descriptions.mean(axis=0)
        return quotes @ (centroid / np.linalg.norm(centroid))
    sims = quotes @ descriptions.T
    if pooling == "mean":
        return sims.mean(axis=1)
    if pooling == "max":
        return sims.max(axis=1)
    raise ValueError(f"unknown pooling '{pooling}' (expected one of {', '.join(POOLINGS)})")


def on_target_score(stance_sims: np.ndarray, on_sims: np.ndarray, cfg: Mapping) -> np.ndarray:
    """The similarity to the target plus `on_target_stance_weight` times the best stance similarity (a quote
    that states a stance on the target is close to one of its stance descriptions)."""
    return on_sims + cfg.get("on_target_stance_weight", 0.0) * stance_sims.max(axis=1)


def decide(stance_sims: np.ndarray, on_sims: np.ndarray, cfg: Mapping) -> list[Prediction]:
    """Four-label scores from similarities: a softmax over the stance similarities plus their `stance_bias`,
    scaled by a sigmoid on-target probability."""
    stance_probs = _softmax((stance_sims + stance_bias(cfg)) / cfg["temperature"])
    on_score = on_target_score(stance_sims, on_sims, cfg)
    p_on = 1 / (1 + np.exp(-(on_score - cfg["on_target_threshold"]) / cfg["on_target_temperature"]))
    return combine(stance_probs, p_on)


class EmbeddingZeroShot:
    """Cosine similarity of a quote to natural-language descriptions of each stance toward the target.

    Off target is decided by the quote's similarity to descriptions of the target itself, against a
    threshold, so an unrelated quote is never forced into one of the three stances. Every distinct text
    (quote or filled description) is encoded once per classifier, in batches.
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

    def _similarity(self, quotes: np.ndarray, templates: Sequence[str], pairs: Sequence[Mapping],
                    pooling: str) -> np.ndarray:
        """Per pair, pooled similarity to the templates filled with its actor and target.

        Pairs whose filled templates coincide (the same target, and the same actor when the templates name
        one) share one set of description embeddings.
        """
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, p in enumerate(pairs):
            filled = tuple(t.format(actor=p["actor"], target=p["target"]) for t in templates)
            groups.setdefault(filled, []).append(i)
        self._embed([text for filled in groups for text in filled])
        out = np.empty(len(pairs))
        for filled, idx in groups.items():
            out[idx] = pooled_similarity(quotes[idx], self._embed(filled), pooling)
        return out

    def similarities(self, pairs: Sequence[Mapping]) -> tuple[np.ndarray, np.ndarray]:
        """Stance similarities (pairs x STANCES) and on-target similarities (pairs) before any decision.

        The target descriptions are pooled by `target_pooling` (by `pooling`, like the stances, when unset).
        """
        quotes = self._embed([self.cfg["text_template"].format(actor=p["actor"], quote=p["quote"]) for p in pairs])
        pooling = self.cfg["pooling"]
        stance = np.stack([self._similarity(quotes, self.cfg["descriptions"][s], pairs, pooling) for s in STANCES],
                          axis=1)
        target_pooling = self.cfg.get("target_pooling") or pooling
        return stance, self._similarity(quotes, self.cfg["target_descriptions"], pairs, target_pooling)

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """Label each pair; `none` when the quote is not close enough to the target."""
        if not pairs:
            return []
        return decide(*self.similarities(pairs), self.cfg)
