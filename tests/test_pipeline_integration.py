"""The whole pipeline on the real embedded model, shrunk by the debug preset, and the predict script."""
import json
from pathlib import Path

import pytest
import torch

from conftest import ROOT, SHARED
from pipeline.classifiers.finetuned import FineTunedClassifier
from pipeline.data.schema import LABELS
from pipeline.evaluate import evaluate
from pipeline.ingest import ingest
from pipeline.predict import run_predict
from pipeline.train import train
from pipeline.zeroshot import zeroshot

pytestmark = pytest.mark.integration
OUTPUT_FIELDS = ["article_id", "actor", "quote", "start", "end", "target", "label", "scores", "classifier"]


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    """ingest -> zeroshot -> train -> evaluate -> predict, in-process, into a temp folder."""
    from pipeline.config import compose_config

    tmp = tmp_path_factory.mktemp("pipeline")
    paths = {"processed_dir": "processed", "predictions_dir": "predictions", "model_dir": "model",
             "reports_dir": "reports"}
    cfg = compose_config(["debug=tiny", f"paths.raw_dir={ROOT / 'data' / 'raw'}",
                          *(f"paths.{k}={tmp / v}" for k, v in paths.items()),
                          f"input={ROOT / 'data' / 'articles'}", f"output={tmp / 'out' / 'articles.jsonl'}"])
    for stage in (ingest, zeroshot, train, evaluate, run_predict):
        stage(cfg)
    return cfg, tmp


def test_stages_write_their_outputs(pipeline_run):
    cfg, tmp = pipeline_run
    metrics = json.loads((tmp / "reports" / "metrics.json").read_text())
    for name in ("zeroshot", "finetuned"):
        assert 0.0 <= metrics["test"][name]["macro_f1"] <= 1.0
        assert metrics["test"][name]["n"] == len((tmp / "processed" / "test.jsonl").read_text().splitlines())
    config = json.loads((tmp / "model" / "config.json").read_text())
    assert set(config["id2label"].values()) == set(LABELS)
    meta = json.loads((tmp / "model" / "stance_pipeline.json").read_text())
    assert len(meta["data_sha256"]) == 64 and "transformers" in meta["versions"] and meta["config"]["seed"] == cfg.seed
    card = (tmp / "model" / "README.md").read_text()
    assert card.startswith("---")
    on_cpu = FineTunedClassifier(tmp / "model", device=torch.device("cpu"))
    assert meta["cpu_precision"] == on_cpu.precision                        # what evaluate and predict ran here
    assert f"ran `{meta['cpu_precision']}`" in card
    assert (f"label smoothing {cfg.train.label_smoothing}" in card) == bool(cfg.train.label_smoothing)
    for name in ("zeroshot", "finetuned"):
        csv = (tmp / "reports" / "plots" / f"confusion_{name}.csv").read_text().splitlines()
        assert csv[0] == "actual,predicted" and len(csv) == metrics["test"][name]["n"] + 1


def test_predict_on_sample_articles(pipeline_run):
    _, tmp = pipeline_run
    rows = [json.loads(line) for line in (tmp / "out" / "articles.jsonl").read_text().splitlines()]
    summary = json.loads((tmp / "out" / "articles.summary.json").read_text())
    articles = sorted(p.stem for p in (ROOT / "data" / "articles").iterdir())
    assert summary["read"] == len(articles) == summary["articles"] and not summary["skipped"]
    assert rows and list(rows[0]) == OUTPUT_FIELDS
    assert {r["article_id"] for r in rows} | set(summary["articles_without_pairs"]) == set(articles)


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_predict_on_the_seed_articles(pipeline_run, tmp_path):
    cfg, _ = pipeline_run
    from pipeline.config import compose_config

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    out = tmp_path / "seeds.jsonl"
    run_predict(compose_config(["debug=tiny", f"paths.model_dir={cfg.paths.model_dir}", f"input={SHARED / 'seeds'}",
                                f"output={out}"]))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["article_id"] for r in rows} == {p.stem for p in seeds}
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seeds}
    for row in rows:
        assert list(row) == OUTPUT_FIELDS and row["label"] in LABELS
        assert texts[row["article_id"]][row["start"]:row["end"]] == row["quote"]
        assert abs(sum(row["scores"].values()) - 1) < 1e-3


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").is_file(), reason="../shared/gold not present")
def test_predict_classifies_given_pairs_in_order(pipeline_run, tmp_path):
    cfg, _ = pipeline_run
    from pipeline.config import compose_config

    gold_file = SHARED / "gold" / "seeds.jsonl"
    gold = [json.loads(line) for line in gold_file.read_text().splitlines() if line.strip()]
    out = tmp_path / "given.jsonl"
    run_predict(compose_config(["debug=tiny", f"paths.model_dir={cfg.paths.model_dir}", f"input={gold_file}",
                                f"output={out}", "classifier=zeroshot"]))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["actor"], r["quote"]) for r in rows] == [(g["actor"], g["quote"]) for g in gold]
    assert all(r["start"] is None and r["classifier"] == "zeroshot" for r in rows)
    assert [r["gold"] for r in rows] == [g["label"] for g in gold]  # the input's own label is kept as `gold`


def test_default_run_makes_no_network_call(pipeline_run, tmp_path, monkeypatch):
    """Predict on the embedded model with every socket connection refused."""
    import socket

    from pipeline.config import compose_config

    cfg, _ = pipeline_run

    def refuse(*args, **kwargs):
        raise AssertionError(f"network call attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for classifier in ("zeroshot", "finetuned"):
        out = tmp_path / f"{classifier}.jsonl"
        run_predict(compose_config(["debug=tiny", f"paths.model_dir={cfg.paths.model_dir}",
                                    f"input={ROOT / 'data' / 'articles'}", f"output={out}",
                                    f"classifier={classifier}"]))
        assert out.read_text().strip()


def test_same_seed_same_predictions(pipeline_run, tmp_path):
    """Predict twice with the same model and config: identical output files."""
    from pipeline.config import compose_config

    cfg, _ = pipeline_run
    outs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.jsonl"
        run_predict(compose_config(["debug=tiny", f"paths.model_dir={cfg.paths.model_dir}",
                                    f"input={ROOT / 'data' / 'articles'}", f"output={out}"]))
        outs.append(out.read_text())
    assert outs[0] == outs[1]
