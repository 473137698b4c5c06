"""Temperature scaling: the transform, the fit on held-out labels, and its use by the fine-tuned classifier."""
import json
import shutil

import numpy as np
import pytest
import torch

from conftest import TRAIN_CFG, make_rows
from pipeline.classifiers.finetuned import METADATA, FineTunedClassifier
from pipeline.classifiers.temperature import fit_temperature, log_loss, scale
from pipeline.training.finetune import finetune


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, tiny_bert):
    """A tiny fine-tuned model directory and the rows it was trained and checked on."""
    out = tmp_path_factory.mktemp("calibrated")
    rows = make_rows(8, 4)
    finetune(rows[:24], rows[24:], str(tiny_bert), 64, TRAIN_CFG, seed=3, out_dir=out)
    return out, rows


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def sampled(sharpness: float, n: int = 4000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from softmax(logits); the probabilities reported are softmax(sharpness * logits)."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2.0, size=(n, 4))
    gold = np.array([rng.choice(4, p=p) for p in softmax(logits)])
    return softmax(sharpness * logits), gold


def test_scale_keeps_the_label_and_moves_confidence():
    probs = softmax(np.random.default_rng(1).normal(size=(50, 4)))
    assert np.allclose(scale(probs, 1.0), probs)
    for t in (0.5, 2.0):
        assert (scale(probs, t).argmax(axis=1) == probs.argmax(axis=1)).all()
        assert np.allclose(scale(probs, t).sum(axis=1), 1.0)
    assert (scale(probs, 2.0).max(axis=1) < probs.max(axis=1)).all()
    assert (scale(probs, 0.5).max(axis=1) > probs.max(axis=1)).all()
    # a probability that underflowed to zero stays finite
    assert np.isfinite(scale(np.array([[1.0, 0.0, 0.0, 0.0]]), 2.0)).all()


@pytest.mark.parametrize("sharpness", [0.5, 1.0, 2.0])
def test_fit_recovers_how_over_or_underconfident_scores_are(sharpness):
    probs, gold = sampled(sharpness)
    temperature = fit_temperature(probs, gold)
    assert temperature == pytest.approx(sharpness, rel=0.15)
    assert log_loss(scale(probs, temperature), gold) <= log_loss(probs, gold) + 1e-9


def test_classifier_applies_the_recorded_temperature(tiny_model, tmp_path):
    model, rows = tiny_model
    shutil.copytree(model, tmp_path / "m")
    raw = FineTunedClassifier(tmp_path / "m", precision="float").probabilities(rows)
    (tmp_path / "m" / METADATA).write_text(json.dumps({"calibration": {"temperature": 0.25}}))
    recorded = FineTunedClassifier(tmp_path / "m", precision="float")
    assert recorded.temperature == 0.25
    sharp = recorded.probabilities(rows)
    assert torch.allclose(sharp, torch.from_numpy(scale(raw.numpy(), 0.25)).float(), atol=1e-6)
    assert torch.equal(sharp.argmax(dim=1), raw.argmax(dim=1))
    assert not torch.allclose(sharp, raw, atol=1e-3)
    # an explicit temperature overrides the recorded one; raw scores stay available for the CPU path checks
    assert torch.allclose(FineTunedClassifier(tmp_path / "m", precision="float", temperature=1.0).probabilities(rows), raw)
    assert torch.allclose(recorded.scored(rows)[0], raw)


def test_fit_calibration_lowers_dev_log_loss_or_keeps_one(tiny_model):
    from pipeline.train import fit_calibration

    model, rows = tiny_model
    raw = FineTunedClassifier(model, precision="float").scored(rows)[0].numpy()
    fitted = fit_calibration(raw, rows, enabled=True, bins=10)
    assert fitted["pairs"] == len(rows) and fitted["temperature"] > 0
    assert fitted["dev_after"]["log_loss"] <= fitted["dev_before"]["log_loss"]
    off = fit_calibration(raw, rows, enabled=False, bins=10)
    assert off["temperature"] == 1.0 and off["dev_after"] == off["dev_before"]
