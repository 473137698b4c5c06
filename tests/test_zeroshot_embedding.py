"""The embedding zero-shot backend: pooling, decisions, caching, and the shipped configuration."""
import numpy as np
import pytest
import torch

from pipeline.classifiers.base import stance_bias
from pipeline.classifiers.embedding_zeroshot import (POOLINGS, EmbeddingZeroShot, decide, on_target_score,
                                                     pooled_similarity)
from pipeline.config import compose_config
from pipeline.data.schema import LABELS, OFF_TARGET, STANCES
from pipeline.model_loading import load_sentence_encoder

CFG = {"batch_size": 8, "text_template": "{quote}", "pooling": "prototype", "temperature": 0.05,
       "on_target_threshold": 0.0, "on_target_temperature": 0.05,
       "target_descriptions": ["{target}", "the debate over {target}"],
       "descriptions": {"supportive": ["we will support {target}", "{target} will happen"],
                        "doubtful": ["{target} is premature", "it is too early for {target}"],
                        "opposed": ["we will block {target}", "{target} will never happen"]}}
PAIRS = [{"actor": f"minister {i}", "quote": q, "target": t}
         for i, (q, t) in enumerate([("we will block ukraine", "nato membership"), ("ukraine will join nato", "nato membership"),
                                     ("sanctions on russia will stay", "sanctions"), ("we will block ukraine", "nato membership")])]


@pytest.fixture(scope="module")
def encoder(tiny_bert):
    return load_sentence_encoder(str(tiny_bert), device=torch.device("cpu"))


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_pooling():
    quotes = unit(np.array([[1.0, 0.0], [0.0, 1.0]]))
    descriptions = unit(np.array([[1.0, 0.0], [1.0, 1.0]]))
    np.testing.assert_allclose(pooled_similarity(quotes, descriptions, "max"), [1.0, 2 ** -0.5])
    np.testing.assert_allclose(pooled_similarity(quotes, descriptions, "mean"), [(1 + 2 ** -0.5) / 2, 2 ** -0.5 / 2])
    centroid = unit(descriptions.mean(axis=0))
    np.testing.assert_allclose(pooled_similarity(quotes, descriptions, "prototype"), quotes @ centroid)
    with pytest.raises(ValueError, match="pooling"):
        pooled_similarity(quotes, descriptions, "median")


def test_decide_never_forces_a_stance_below_the_threshold():
    stance = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.8]])
    on = np.array([0.5, 0.1])
    predictions = decide(stance, on, {**CFG, "on_target_threshold": 0.3})
    assert [p.label for p in predictions] == ["supportive", OFF_TARGET]
    for p in predictions:
        assert abs(sum(p.scores.values()) - 1) < 1e-9 and (p.label == OFF_TARGET) == (p.scores[OFF_TARGET] > 0.5)
    assert predictions[1].scores["opposed"] > predictions[1].scores["supportive"]  # the stance order survives


def test_stance_bias_moves_the_stance_decision_only():
    stance = np.array([[0.50, 0.49, 0.10], [0.20, 0.30, 0.31]])
    on = np.array([0.5, 0.5])
    cfg = {**CFG, "temperature": 0.01, "on_target_threshold": 0.3}
    assert [p.label for p in decide(stance, on, cfg)] == ["supportive", "opposed"]
    biased = decide(stance, on, {**cfg, "stance_bias": {"supportive": 0.0, "doubtful": 0.02, "opposed": -0.02}})
    assert [p.label for p in biased] == ["doubtful", "doubtful"]
    assert biased[0].scores[OFF_TARGET] == pytest.approx(decide(stance, on, cfg)[0].scores[OFF_TARGET])
    # a bias common to all three stances changes no score
    shifted = decide(stance, on, {**cfg, "stance_bias": {s: 0.3 for s in STANCES}})
    for a, b in zip(shifted, decide(stance, on, cfg)):
        assert a.scores == pytest.approx(b.scores)


def test_stance_bias_reads_a_partial_mapping_in_stance_order():
    np.testing.assert_allclose(stance_bias({"stance_bias": {"opposed": 0.5, "supportive": -0.1}}), [-0.1, 0.0, 0.5])
    np.testing.assert_allclose(stance_bias({}), [0.0, 0.0, 0.0])
    np.testing.assert_allclose(stance_bias({"stance_bias": None}), [0.0, 0.0, 0.0])


def test_on_target_stance_weight_adds_the_best_stance_similarity():
    stance = np.array([[0.1, 0.3, 0.2], [0.0, 0.0, 0.0]])
    on = np.array([0.3, 0.35])
    np.testing.assert_allclose(on_target_score(stance, on, {"on_target_stance_weight": 0.5}), [0.45, 0.35])
    np.testing.assert_allclose(on_target_score(stance, on, {}), on)  # unset: the target similarity alone
    cfg = {**CFG, "on_target_threshold": 0.4}
    assert [p.label for p in decide(stance, on, cfg)] == [OFF_TARGET, OFF_TARGET]
    weighted = decide(stance, on, {**cfg, "on_target_stance_weight": 0.5})
    assert [p.label for p in weighted] == ["doubtful", OFF_TARGET]
    # the bias is a stance prior, not evidence of being on target: it moves the stance, not the none decision
    biased = decide(stance, on, {**cfg, "on_target_stance_weight": 0.5, "stance_bias": {"opposed": 0.2}})
    assert [p.label for p in biased] == ["opposed", OFF_TARGET]


@pytest.mark.parametrize("target_pooling", POOLINGS)
def test_target_pooling_pools_only_the_target_descriptions(encoder, target_pooling):
    cfg = {**CFG, "pooling": "prototype", "target_pooling": target_pooling}
    stance, on = EmbeddingZeroShot(encoder, cfg).similarities(PAIRS)
    plain_stance = EmbeddingZeroShot(encoder, {**CFG, "pooling": "prototype"}).similarities(PAIRS)[0]
    np.testing.assert_allclose(stance, plain_stance, atol=1e-6)  # the stances keep `pooling`
    quotes = unit(encoder.encode([p["quote"] for p in PAIRS]))
    for i, pair in enumerate(PAIRS):
        targets = unit(encoder.encode([t.format(target=pair["target"]) for t in CFG["target_descriptions"]]))
        expected = pooled_similarity(quotes[i:i + 1], targets, target_pooling)[0]
        assert on[i] == pytest.approx(expected, abs=1e-6)
    unset = EmbeddingZeroShot(encoder, {**CFG, "pooling": target_pooling}).similarities(PAIRS)[1]
    np.testing.assert_allclose(on, unset, atol=1e-6)  # unset, the target descriptions follow `pooling`


def test_batched_equals_one_by_one(encoder):
    batched = EmbeddingZeroShot(encoder, CFG).predict(PAIRS)
    single = [EmbeddingZeroShot(encoder, CFG).predict([p])[0] for p in PAIRS]
    for a, b in zip(batched, single):
        assert a.label == b.label and all(abs(a.scores[k] - b.scores[k]) < 1e-5 for k in LABELS)
    assert batched[0].scores == pytest.approx(batched[3].scores, abs=1e-5)  # the same pair, the same answer


@pytest.mark.parametrize("pooling", ["prototype", "mean", "max"])
def test_descriptions_are_encoded_once_per_target(encoder, pooling):
    calls = []

    class Spy:
        def encode(self, texts, **kw):
            calls.extend(texts)
            return encoder.encode(texts, **kw)

    EmbeddingZeroShot(Spy(), {**CFG, "pooling": pooling}).predict(PAIRS)
    assert len(calls) == len(set(calls))
    # three distinct quotes, and per target (two) 2 target descriptions + 6 stance descriptions
    assert len(calls) == 3 + 2 * (2 + 6)


def test_shipped_config_is_well_formed():
    cfg = compose_config().zeroshot
    assert cfg.backend == "embedding" and cfg.pooling in POOLINGS and cfg.target_pooling in POOLINGS
    assert set(cfg.stance_bias) == set(STANCES) and cfg.stance_bias.supportive == 0.0
    assert all(abs(b) < 0.1 for b in cfg.stance_bias.values())  # small offsets, on the scale of the similarities
    assert 0 <= cfg.on_target_stance_weight <= 1
    assert set(cfg.descriptions) == set(STANCES)
    for stance in STANCES:
        texts = list(cfg.descriptions[stance])
        assert len(texts) >= 5 and len(set(texts)) == len(texts)
        assert all("{target}" in t for t in texts)
        assert all(t.format(actor="A", target="T") for t in texts)  # no stray placeholders
    assert all("{target}" in t for t in cfg.target_descriptions)
    assert "{quote}" in cfg.text_template
