"""The NLI zero-shot backend on a tiny NLI-shaped model built here (random weights)."""
import numpy as np
import pytest

from conftest import build_tiny_bert
from pipeline.classifiers.nli_zeroshot import NLIZeroShot, decide, hypothesis_template
from pipeline.config import compose_config
from pipeline.data.schema import LABELS, OFF_TARGET
from pipeline.errors import PipelineError

NLI_LABELS = ["contradiction", "neutral", "entailment"]
TARGET = "nato membership"
PAIRS = [{"actor": "hungary", "quote": "we will block ukraine", "target": TARGET},
         {"actor": "kyiv", "quote": "ukraine will join nato", "target": TARGET},
         {"actor": "hungary", "quote": "the aid package was discussed", "target": TARGET},
         {"actor": "kyiv", "quote": "membership is premature", "target": "sanctions"},
         {"actor": "hungary", "quote": "we will block ukraine", "target": TARGET}]


@pytest.fixture(scope="module")
def nli_cfg(tmp_path_factory):
    folder = build_tiny_bert(tmp_path_factory.mktemp("tiny-nli"), labels=NLI_LABELS)
    cfg = compose_config(["zeroshot=nli", f"zeroshot.model={folder}"]).zeroshot
    return {**cfg, "batch_size": 4}


@pytest.fixture(scope="module")
def classifier(nli_cfg):
    return NLIZeroShot(nli_cfg)


def record_calls(classifier, monkeypatch) -> list[dict]:
    """Spy on the pipeline: one entry (template, premises) per call."""
    calls, pipe = [], classifier.pipe
    monkeypatch.setattr(classifier, "pipe", lambda premises, **kw: (
        calls.append({"template": kw["hypothesis_template"], "premises": list(premises)}), pipe(premises, **kw))[1])
    return calls


def test_four_label_scores_sum_to_one(classifier):
    predictions = classifier.predict(PAIRS)
    assert len(predictions) == len(PAIRS)
    for p in predictions:
        assert set(p.scores) == set(LABELS) and abs(sum(p.scores.values()) - 1) < 1e-6
        assert (p.label == OFF_TARGET) == (p.scores[OFF_TARGET] > 0.5)
    assert predictions[0] == predictions[4]  # the same pair, the same answer
    assert classifier.predict([]) == []


def test_threshold_puts_everything_on_or_off_target(nli_cfg):
    off = NLIZeroShot({**nli_cfg, "on_target_threshold": 1.0}).predict(PAIRS)
    assert {p.label for p in off} == {OFF_TARGET}
    on = NLIZeroShot({**nli_cfg, "on_target_threshold": 0.0}).predict(PAIRS)
    assert OFF_TARGET not in {p.label for p in on}
    assert all(p.scores[OFF_TARGET] < 0.5 for p in on)


def test_stance_bias_reweights_the_shares_not_the_on_target_probability():
    entailment = np.array([[0.6, 0.5, 0.1], [0.1, 0.2, 0.3]])
    plain = decide(entailment, 0.4, np.zeros(3))
    assert [p.label for p in plain] == ["supportive", OFF_TARGET]
    biased = decide(entailment, 0.4, np.log([1.0, 2.0, 1.0]))
    assert [p.label for p in biased] == ["doubtful", OFF_TARGET]
    on = plain[0].scores["supportive"] + plain[0].scores["doubtful"] + plain[0].scores["opposed"]
    assert biased[0].scores["doubtful"] == pytest.approx(on * 1.0 / (0.6 + 1.0 + 0.1))
    for a, b in zip(plain, biased):
        assert a.scores[OFF_TARGET] == pytest.approx(b.scores[OFF_TARGET])


def test_shipped_nli_config_has_no_bias(nli_cfg):
    assert dict(nli_cfg["stance_bias"]) == {"supportive": 0.0, "doubtful": 0.0, "opposed": 0.0}


def test_hypothesis_carries_actor_and_target(classifier, nli_cfg, monkeypatch):
    template = hypothesis_template({"actor": "Viktor {Orbán}", "target": "Ukraine's membership in NATO"}, nli_cfg)
    assert template.format("opposes") == "Viktor {Orbán} opposes Ukraine's membership in NATO."
    calls = record_calls(classifier, monkeypatch)
    classifier.predict([{"actor": "Viktor {Orbán}", "quote": "we will block ukraine", "target": "nato"}])
    assert calls[0]["template"].format("supports") == "Viktor {Orbán} supports nato."


def test_pairs_sharing_a_template_are_batched_together(nli_cfg, monkeypatch):
    classifier = NLIZeroShot(nli_cfg)
    calls = record_calls(classifier, monkeypatch)
    batched = classifier.predict(PAIRS)
    # three templates (hungary/nato, kyiv/nato, kyiv/sanctions); the repeated pair is scored once
    assert sorted(len(c["premises"]) for c in calls) == [1, 1, 2]
    assert len({c["template"] for c in calls}) == 3
    classifier.predict(PAIRS)
    assert len(calls) == 3  # everything cached on the second call
    fresh = NLIZeroShot(nli_cfg)
    one_by_one = [fresh.predict([p])[0] for p in PAIRS]
    for a, b in zip(batched, one_by_one):
        assert a.label == b.label and all(abs(a.scores[k] - b.scores[k]) < 1e-4 for k in LABELS)


def test_missing_model_is_a_clear_error():
    cfg = compose_config(["zeroshot=nli"]).zeroshot
    with pytest.raises(PipelineError, match="zeroshot.model"):
        NLIZeroShot(cfg)
