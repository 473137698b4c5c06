"""Classifiers on tiny models built here: fine-tuning, fast prediction, zero-shot, loading rules."""
import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from transformers import pipeline as hf_pipeline

from conftest import TRAIN_CFG, build_tiny_bert, make_rows
from pipeline.classifiers.embedding_zeroshot import EmbeddingZeroShot
from pipeline.classifiers.finetuned import FineTunedClassifier
from pipeline.data.schema import LABELS, OFF_TARGET
from pipeline.mean_pooled_model import MeanPooledForSequenceClassification
from pipeline.model_loading import load_sentence_encoder, load_sequence_classifier, resolve_model_path
from pipeline.training.finetune import class_weights, finetune, use_bf16



@pytest.fixture(scope="module")
def trained(tmp_path_factory, tiny_bert):
    out = tmp_path_factory.mktemp("finetuned")
    rows = make_rows(8, 4)
    summary = finetune(rows[:24], rows[24:], str(tiny_bert), 64, TRAIN_CFG, seed=3, out_dir=out)
    return out, summary, rows


def test_finetune_saves_a_labelled_safetensors_model(trained):
    out, summary, _ = trained
    config = json.loads((out / "config.json").read_text())
    assert config["id2label"] == {str(i): label for i, label in enumerate(LABELS)}
    assert (out / "model.safetensors").exists() and not list(out.glob("*.bin"))
    assert summary["train_rows"] == 24 and summary["dev_rows"] == 8 and "macro_f1" in summary["dev"]
    # loadable by the plain transformers pipeline, as users expect
    assert hf_pipeline("text-classification", model=str(out))("we will block it")[0]["label"] in LABELS


def test_finetune_with_cls_pooling_saves_the_architectures_own_head(tmp_path, tiny_bert):
    rows = make_rows(4, 4)
    finetune(rows[:12], rows[12:], str(tiny_bert), 64, {**TRAIN_CFG, "pooling": "cls"}, seed=3, out_dir=tmp_path)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["model_type"] == "bert" and config["architectures"] == ["BertForSequenceClassification"]
    assert len(FineTunedClassifier(tmp_path, precision="float").predict(rows)) == len(rows)


def test_mean_pooled_head_reads_the_mean_of_real_tokens_only(trained):
    out, _, _ = trained
    model = load_sequence_classifier(str(out)).eval()
    assert isinstance(model, MeanPooledForSequenceClassification)
    assert json.loads((out / "config.json").read_text())["model_type"] == "stance_mean_pooled"
    short, padded = torch.tensor([[2, 10, 11, 3]]), torch.tensor([[2, 10, 11, 3, 0, 0], [2, 12, 13, 14, 15, 3]])
    mask = (padded != 0).long()
    with torch.no_grad():
        alone = model(input_ids=short, attention_mask=torch.ones_like(short)).logits
        batched = model(input_ids=padded, attention_mask=mask).logits
        hidden = model.encoder(input_ids=short, attention_mask=torch.ones_like(short)).last_hidden_state
        by_hand = model.classifier(hidden.mean(dim=1))
    assert torch.allclose(alone, batched[:1], atol=1e-5)
    assert torch.allclose(alone, by_hand, atol=1e-5)
    assert not torch.allclose(batched[0], batched[1], atol=1e-5)


def test_unknown_pooling_is_an_error(tiny_bert):
    with pytest.raises(ValueError, match="unknown pooling 'max'"):
        load_sequence_classifier(str(tiny_bert), labels=list(LABELS), pooling="max")


def test_fast_prediction_matches_one_by_one_and_keeps_order(trained):
    out, _, rows = trained
    classifier = FineTunedClassifier(out, batch_size=4, precision="float")
    batched = classifier.probabilities(rows)
    single = torch.cat([classifier.probabilities([r]) for r in rows])
    assert torch.allclose(batched, single, atol=1e-5)
    predictions = classifier.predict(rows)
    assert [p.label for p in predictions] == [LABELS[int(i)] for i in batched.argmax(dim=1)]
    assert all(abs(sum(p.scores.values()) - 1) < 1e-4 for p in predictions)


def test_int8_path_runs_and_is_close(trained):
    out, _, rows = trained
    float_probs = FineTunedClassifier(out, precision="float").probabilities(rows)
    int8 = FineTunedClassifier(out, precision="int8")
    assert int8.int8
    assert (int8.probabilities(rows) - float_probs).abs().max() < 0.2


class SpreadLogits(torch.nn.Module):
    """Stands in for the int8 model with logits that differ from pair to pair (the tiny trained model's
    outputs are almost the same for every input, so its margins cannot be split)."""

    def forward(self, input_ids, **_):
        first = (input_ids.sum(dim=1, keepdim=True) % 7).float() / 3
        return SimpleNamespace(logits=torch.cat([first, torch.zeros(len(first), len(LABELS) - 1)], dim=1))


def test_int8_path_rescores_unsure_pairs_in_float(trained):
    out, _, rows = trained
    float_probs = FineTunedClassifier(out, precision="float").probabilities(rows)
    int8 = FineTunedClassifier(out, precision="int8", fallback_margin=0.0)
    int8.model = SpreadLogits()
    int8_probs, none_rescored = int8.scored(rows)
    assert not none_rescored.any()
    top = int8_probs.topk(2, dim=-1).values
    margin = top[:, 0] - top[:, 1]
    threshold = float(margin.unique().median())
    int8.fallback_margin = threshold
    probs, rescored = int8.scored(rows)
    assert torch.equal(rescored, margin < threshold) and 0 < rescored.sum() < len(rows)
    assert torch.allclose(probs[rescored], float_probs[rescored], atol=1e-5)
    assert torch.equal(probs[~rescored], int8_probs[~rescored])


def test_int8_keeps_named_linear_layers_in_float(trained):
    out, _, rows = trained
    classifier = FineTunedClassifier(out, precision="int8", fallback_margin=0.0, keep_float=[r"layer\.0\.output\.dense$"])
    types = {name: type(module) for name, module in classifier.model.named_modules()}
    prefix = classifier.float_model.base_model_prefix
    assert types[f"{prefix}.encoder.layer.0.output.dense"] is torch.nn.Linear
    assert types[f"{prefix}.encoder.layer.1.output.dense"] is not torch.nn.Linear
    assert types[f"{prefix}.encoder.layer.0.attention.output.dense"] is not torch.nn.Linear
    assert type(classifier.float_model.base_model.encoder.layer[1].output.dense) is torch.nn.Linear
    assert len(classifier.predict(rows)) == len(rows)


def set_native_bf16(monkeypatch, native: bool) -> None:
    """Make this CPU look as if it had (or lacked) native bf16."""
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: native)
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: native)


def test_cpu_path_checks_give_the_scores_of_the_path_predict_takes(trained, monkeypatch):
    from pipeline.train import cpu_path_checks

    out, _, rows = trained
    float_probs = FineTunedClassifier(out, precision="float").scored(rows)[0].numpy()
    set_native_bf16(monkeypatch, False)
    everything, path_probs = cpu_path_checks(out, rows, min_agreement=1.0, fallback_margin=1.0, keep_float=[])
    assert everything["bf16"] == {"use": False, "native": False}           # not checked without native bf16
    int8 = everything["int8"]
    assert int8["fallback_share"] == 1.0 and int8["agreement"] == 1.0 and int8["use"]
    assert everything["cpu_precision"] == "int8"
    assert np.allclose(path_probs, float_probs, atol=1e-6)                  # all re-scored in float
    refused, path_probs = cpu_path_checks(out, rows, min_agreement=1.01, fallback_margin=0.0, keep_float=[])
    assert refused["int8"]["fallback_share"] == 0.0 and not refused["int8"]["use"]
    assert refused["cpu_precision"] == "float"
    assert np.allclose(path_probs, float_probs, atol=1e-6)                  # refused: predict stays in float
    _, path_probs = cpu_path_checks(out, rows, min_agreement=0.0, fallback_margin=0.0, keep_float=[])
    int8_probs = FineTunedClassifier(out, precision="int8", fallback_margin=0.0, keep_float=[]).scored(rows)[0]
    assert np.allclose(path_probs, int8_probs.numpy(), atol=1e-6)           # used: the int8 path's scores

    set_native_bf16(monkeypatch, True)
    checks, path_probs = cpu_path_checks(out, rows, min_agreement=0.0, fallback_margin=0.0, keep_float=[])
    bf16_probs = FineTunedClassifier(out, precision="bf16").scored(rows)[0]
    assert checks["bf16"]["native"] and checks["bf16"]["use"] and checks["cpu_precision"] == "bf16"
    assert checks["bf16"]["pairs"] == len(rows) and 0.0 <= checks["bf16"]["agreement"] <= 1.0
    assert np.allclose(path_probs, bf16_probs.numpy(), atol=1e-6)           # bf16 is preferred to int8
    refused, _ = cpu_path_checks(out, rows, min_agreement=1.01, fallback_margin=0.0, keep_float=[])
    assert refused["cpu_precision"] == "float" and not refused["bf16"]["use"]


def test_bf16_path_runs_in_bf16_and_stays_close_to_float(trained):
    out, _, rows = trained
    float_probs = FineTunedClassifier(out, precision="float").probabilities(rows)
    bf16 = FineTunedClassifier(out, precision="bf16")
    probs, rescored = bf16.scored(rows)
    assert bf16.precision == "bf16" and not bf16.int8 and not rescored.any()
    assert not torch.equal(probs, float_probs)                              # the products ran in bf16
    assert (probs - float_probs).abs().max() < 0.05
    assert torch.equal(bf16.scored(rows, float_only=True)[0], float_probs)  # float_only leaves autocast off


def test_recorded_precision_takes_bf16_only_where_the_cpu_runs_it(monkeypatch):
    from pipeline.classifiers.finetuned import recorded_precision, running_precision

    cpu, both = torch.device("cpu"), {"bf16": {"use": True}, "int8": {"use": True}}
    for native in (False, True):
        set_native_bf16(monkeypatch, native)
        assert recorded_precision(both, cpu) == ("bf16" if native else "int8")
        assert recorded_precision({"bf16": {"use": False}, "int8": {"use": True}}, cpu) == "int8"
        assert recorded_precision({"bf16": {"use": True}, "int8": {"use": False}}, cpu) == ("bf16" if native else "float")
        assert recorded_precision({}, cpu) == "float"                       # a foreign model folder
    for gpu_bf16, expected in ((True, "bf16"), (False, "fp16")):            # CUDA autocasts whatever the CPU path
        monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: gpu_bf16)
        assert running_precision("int8", torch.device("cuda")) == expected
    assert running_precision("int8", cpu) == "int8"


def test_unknown_precision_is_an_error(trained):
    with pytest.raises(ValueError, match="precision must be one of float, int8, bf16, not 'fp16'"):
        FineTunedClassifier(trained[0], precision="fp16")


@pytest.mark.parametrize("precision", ["none", "bf16"])
def test_same_seed_same_model(tmp_path, tiny_bert, precision):
    rows = make_rows(6, 4)
    cfg = {**TRAIN_CFG, "mixed_precision": precision}
    a = finetune(rows[:16], rows[16:], str(tiny_bert), 64, cfg, seed=5, out_dir=tmp_path / "a")
    b = finetune(rows[:16], rows[16:], str(tiny_bert), 64, cfg, seed=5, out_dir=tmp_path / "b")
    assert a["bf16"] is b["bf16"] is (precision == "bf16")
    assert a["dev"] == b["dev"]
    probs_a = FineTunedClassifier(tmp_path / "a", precision="float").probabilities(rows)
    probs_b = FineTunedClassifier(tmp_path / "b", precision="float").probabilities(rows)
    assert torch.equal(probs_a, probs_b)


@pytest.mark.parametrize("embeddings,layers", [(True, 0), (False, 1)])
def test_frozen_parts_stay_as_pretrained(tmp_path, tiny_bert, embeddings, layers):
    from safetensors.torch import load_file

    rows = make_rows(6, 4)
    cfg = {**TRAIN_CFG, "freeze_input_embeddings": embeddings, "freeze_layers": layers}
    summary = finetune(rows[:16], rows[16:], str(tiny_bert), 64, cfg, seed=5, out_dir=tmp_path / "frozen")
    before, after = load_file(tiny_bert / "model.safetensors"), load_file(tmp_path / "frozen" / "model.safetensors")
    word = "embeddings.word_embeddings.weight"
    frozen = [word] + [k for k in before if k.startswith("encoder.layer.0.")] * layers
    trained = [k for k in before if k.startswith("encoder.layer.1.")]
    assert summary["frozen_parameters"] == sum(before[k].numel() for k in before if k in frozen
                                               or (layers and k.startswith("embeddings.")))
    prefix = load_sequence_classifier(str(tmp_path / "frozen")).base_model_prefix + "."
    assert all(torch.equal(before[k], after[prefix + k]) for k in frozen)
    assert not all(torch.equal(before[k], after[prefix + k]) for k in trained)


def test_encoder_keeps_only_the_lowest_layers(tmp_path, tiny_bert):
    from safetensors.torch import load_file

    rows = make_rows(6, 4)
    cfg = {**TRAIN_CFG, "encoder_layers": 1, "freeze_layers": 1}
    summary = finetune(rows[:16], rows[16:], str(tiny_bert), 64, cfg, seed=5, out_dir=tmp_path / "short")
    before, after = load_file(tiny_bert / "model.safetensors"), load_file(tmp_path / "short" / "model.safetensors")
    prefix = load_sequence_classifier(str(tmp_path / "short")).base_model_prefix + "."
    assert summary["encoder_layers"] == 1
    assert not any(k.startswith(prefix + "encoder.layer.1.") for k in after)
    assert all(torch.equal(before[k], after[prefix + k]) for k in before if k.startswith("encoder.layer.0."))
    assert len(FineTunedClassifier(tmp_path / "short", precision="float").predict(rows)) == len(rows)


def test_keeping_more_layers_than_the_model_has_is_an_error(tmp_path, tiny_bert):
    with pytest.raises(ValueError, match="cannot keep 3 encoder layers"):
        finetune(make_rows(2, 4), make_rows(1, 4), str(tiny_bert), 64, {**TRAIN_CFG, "encoder_layers": 3}, seed=0,
                 out_dir=tmp_path / "x")


def test_freezing_more_layers_than_the_model_has_is_an_error(tmp_path, tiny_bert):
    with pytest.raises(ValueError, match="cannot freeze 3 layers"):
        finetune(make_rows(2, 4), make_rows(1, 4), str(tiny_bert), 64, {**TRAIN_CFG, "freeze_layers": 3}, seed=0,
                 out_dir=tmp_path / "x")


def test_bf16_training_changes_the_arithmetic_not_the_saved_weights_type(tmp_path, tiny_bert):
    from safetensors.torch import load_file

    rows = make_rows(6, 4)
    for precision in ("none", "bf16"):
        finetune(rows[:16], rows[16:], str(tiny_bert), 64, {**TRAIN_CFG, "mixed_precision": precision}, seed=5,
                 out_dir=tmp_path / precision)
    full, mixed = load_file(tmp_path / "none" / "model.safetensors"), load_file(tmp_path / "bf16" / "model.safetensors")
    assert all(t.dtype == torch.float32 for t in mixed.values())            # float master weights are saved
    assert not all(torch.equal(full[k], mixed[k]) for k in full)            # but the steps ran in bf16


def test_trainer_loss_is_class_weighted_and_label_smoothed(tmp_path, tiny_bert):
    from transformers import TrainingArguments

    from pipeline.training.finetune import WeightedTrainer

    model = load_sequence_classifier(str(tiny_bert), labels=list(LABELS), pooling="mean").eval()
    inputs = {"input_ids": torch.tensor([[2, 10, 11, 3], [2, 12, 13, 3]]), "attention_mask": torch.ones(2, 4).long()}
    labels, weight = torch.tensor([1, 2]), torch.tensor([1.0, 2.0, 0.5, 1.0])
    with torch.no_grad():
        logits = model(**inputs).logits
        losses = []
        for smoothing in (0.0, 0.3):
            trainer = WeightedTrainer(model=model, args=TrainingArguments(output_dir=str(tmp_path), use_cpu=True,
                                                                          report_to=[]),
                                      label_weights=weight, label_smoothing=smoothing)
            losses.append(trainer.compute_loss(model, {**inputs, "labels": labels}))
            expected = torch.nn.functional.cross_entropy(logits, labels, weight=weight, label_smoothing=smoothing)
            assert torch.isclose(losses[-1], expected)
    assert not torch.isclose(losses[0], losses[1])


def test_mixed_precision_setting(monkeypatch):
    cpu = torch.device("cpu")
    assert use_bf16("none", cpu) is False and use_bf16("bf16", cpu) is True
    for native in (False, True):
        set_native_bf16(monkeypatch, native)
        assert use_bf16("auto", cpu) is native                               # auto: only where bf16 is native
    with pytest.raises(ValueError, match="auto, bf16 or none"):
        use_bf16("fp16", cpu)


def test_balanced_class_weights():
    rows = [{"label": "supportive"}] * 6 + [{"label": "none"}] * 2
    weights = class_weights(rows, "balanced")
    assert weights[LABELS.index("supportive")] == pytest.approx(8 / (4 * 6))
    assert weights[LABELS.index("none")] == pytest.approx(8 / (4 * 2))
    assert class_weights(rows, "none") is None


def test_local_folder_switches_hub_offline(tiny_bert, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert resolve_model_path(str(tiny_bert)) == str(tiny_bert)
    import os
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_pickle_weights_are_refused(tmp_path):
    folder = build_tiny_bert(tmp_path / "pickled", labels=list(LABELS))
    from safetensors.torch import load_file

    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    with pytest.raises(OSError, match="safetensors"):
        FineTunedClassifier(folder)


ZS_CFG = {"batch_size": 8, "text_template": "{quote}", "pooling": "mean", "temperature": 0.05,
          "on_target_threshold": 0.5, "on_target_temperature": 0.05,
          "target_descriptions": ["{target}", "{actor} on {target}"],
          "descriptions": {"supportive": ["{actor} will support {target}"], "doubtful": ["{target} is premature"],
                           "opposed": ["{actor} will block {target}"]}}


def test_embedding_zeroshot_scores_and_off_target(tiny_bert):
    encoder = load_sentence_encoder(str(tiny_bert), device=torch.device("cpu"))
    pairs = [{"actor": "hungary", "quote": "we will block ukraine", "target": "nato membership"},
             {"actor": "kyiv", "quote": "the aid package was discussed", "target": "nato membership"}]
    predictions = EmbeddingZeroShot(encoder, ZS_CFG).predict(pairs)
    assert len(predictions) == 2
    for p in predictions:
        assert set(p.scores) == set(LABELS) and abs(sum(p.scores.values()) - 1) < 1e-5
        assert (p.label == OFF_TARGET) == (p.scores[OFF_TARGET] > 0.5)
    # a threshold above any cosine similarity marks everything off target instead of forcing a stance
    strict = EmbeddingZeroShot(encoder, {**ZS_CFG, "on_target_threshold": 1.5}).predict(pairs)
    assert [p.label for p in strict] == [OFF_TARGET, OFF_TARGET]
    loose = EmbeddingZeroShot(encoder, {**ZS_CFG, "on_target_threshold": -1.5}).predict(pairs)
    assert OFF_TARGET not in [p.label for p in loose]


def test_embedding_zeroshot_encodes_each_text_once(tiny_bert):
    encoder = load_sentence_encoder(str(tiny_bert), device=torch.device("cpu"))
    calls = []
    original = encoder.encode
    encoder.encode = lambda texts, **kw: (calls.append(len(texts)), original(texts, **kw))[1]
    classifier = EmbeddingZeroShot(encoder, ZS_CFG)
    pair = {"actor": "hungary", "quote": "we will block ukraine", "target": "nato membership"}
    classifier.predict([pair, pair])
    first = sum(calls)
    classifier.predict([pair])
    assert sum(calls) == first  # everything cached on the second call
    assert first == 1 + 2 + 3  # one quote, two target descriptions, three label descriptions
