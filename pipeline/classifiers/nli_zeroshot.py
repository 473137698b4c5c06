"""Zero-shot baseline on an NLI model: does the quote entail "{actor} supports {target}."?"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from pipeline.classifiers.base import Prediction, combine, stance_bias
from pipeline.data.schema import STANCES
from pipeline.errors import PipelineError
from pipeline.model_loading import pick_device, resolve_model_path

EPS = 1e-6


def _logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p) - np.log1p(-p)


def _escape(text: str) -> str:
    """Double the braces of a name, so the pipeline's own `str.format` leaves it intact."""
    return text.replace("{", "{{").replace("}", "}}")


def hypothesis_template(pair: Mapping, cfg: Mapping) -> str:
    """The pair's hypothesis with `{}` where the pipeline puts each stance verb."""
    return cfg["hypothesis_template"].format(actor=_escape(pair["actor"]), target=_escape(pair["target"]), stance="{}")


def decide(entailment: np.ndarray, threshold: float, bias: np.ndarray) -> list[Prediction]:
    """Four-label scores from per-stance entailment probabilities (pairs x STANCES).

    On target when the best stance entailment reaches `threshold`: its log-odds, shifted by the threshold's,
    give the on-target probability (0.5 exactly at the threshold); the stances share it in proportion to
    their entailment times exp(`bias`) (per-stance offsets in log space, in STANCES order).
    """
    p_on = 1 / (1 + np.exp(-(_logit(entailment.max(axis=1)) - _logit(threshold))))
    weighted = entailment * np.exp(bias)
    shares = weighted / np.maximum(weighted.sum(axis=1, keepdims=True), EPS)
    return combine(shares, p_on)


class NLIZeroShot:
    """A hub or local NLI model through `transformers`' zero-shot-classification pipeline (multi-label).

    Pairs that share a hypothesis template (same actor and target) go to the pipeline together, in batches;
    each distinct (premise, hypothesis) is scored once per classifier.
    """

    name = "zeroshot"

    def __init__(self, cfg: Mapping):
        from transformers import pipeline

        if not cfg.get("model"):
            raise PipelineError("zeroshot.model is not set: give an NLI model (hub name or local folder), "
                                "e.g. `zeroshot=nli zeroshot.model=<name>`")
        self.cfg = cfg
        self.verbs = {cfg["stance_verbs"][s]: s for s in STANCES}
        self.pipe = pipeline("zero-shot-classification", model=resolve_model_path(cfg["model"]),
                             trust_remote_code=False, model_kwargs={"use_safetensors": True}, device=pick_device())
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def _score_group(self, template: str, premises: Sequence[str]) -> None:
        """Entailment of every stance verb for premises that share one hypothesis template."""
        missing = [p for p in dict.fromkeys(premises) if (p, template) not in self._cache]
        if not missing:
            return
        results = self.pipe(missing, candidate_labels=list(self.verbs), hypothesis_template=template,
                            multi_label=True, batch_size=self.cfg["batch_size"])
        for premise, result in zip(missing, results):
            by_stance = {self.verbs[verb]: score for verb, score in zip(result["labels"], result["scores"])}
            self._cache[(premise, template)] = np.array([by_stance[s] for s in STANCES])

    def entailment(self, pairs: Sequence[Mapping]) -> np.ndarray:
        """Per pair, the entailment probability of each stance hypothesis (pairs x STANCES)."""
        keys = [(self.cfg["text_template"].format(actor=p["actor"], quote=p["quote"]), hypothesis_template(p, self.cfg))
                for p in pairs]
        groups: dict[str, list[str]] = {}
        for premise, template in keys:
            groups.setdefault(template, []).append(premise)
        for template, premises in groups.items():
            self._score_group(template, premises)
        return np.stack([self._cache[k] for k in keys])

    def predict(self, pairs: Sequence[Mapping]) -> list[Prediction]:
        """Label each pair; `none` when no stance hypothesis is entailed strongly enough."""
        if not pairs:
            return []
        return decide(self.entailment(pairs), self.cfg["on_target_threshold"], stance_bias(self.cfg))
