"""The embedding zero-shot backend: pooling, decisions, caching, and the shipped configuration."""
import numpy as np
import pytest
import torch

from pipeline.classifiers.embedding_zeroshot import EmbeddingZeroShot, decide, pooled_similarity
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
    assert cfg.backend == "embedding" and cfg.pooling in ("prototype", "mean", "max")
    assert set(cfg.descriptions) == set(STANCES)
    for stance in STANCES:
        texts = list(cfg.descriptions[stance])
        assert len(texts) >= 5 and len(set(texts)) == len(texts)
        assert all("{target}" in t for t in texts)
        assert all(t.format(actor="A", target="T") for t in texts)  # no stray placeholders
    assert all("{target}" in t for t in cfg.target_descriptions)
    assert "{quote}" in cfg.text_template
