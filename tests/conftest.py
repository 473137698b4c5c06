"""Shared fixtures: tiny models built on the spot, a composed config pointed at a temp folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import compose_config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

WORDS = """the a an of to in and is are was will not be we it that this for on with as by at from has have
nato ukraine membership alliance join member support supports oppose opposes block veto never path irreversible
realistic premature doubt doubtful sceptical early say war peace ceasefire aid weapons spending defence target
said told reporters minister president government russia hungary kyiv moscow eu sanctions missiles sweden finland
| . , ' ? ! : ; - " ( ) s""".split()

# One quick epoch of fine-tuning a tiny model in unit tests (the keys of configs/train/).
TRAIN_CFG = {"epochs": 1, "learning_rate": 1e-3, "batch_size": 8, "eval_batch_size": 16, "weight_decay": 0.0,
             "warmup_ratio": 0.0, "encoder_layers": None, "freeze_input_embeddings": False, "freeze_layers": 0,
             "pooling": "mean", "mixed_precision": "none", "class_weighting": "balanced", "label_smoothing": 0.0,
             "early_stopping_patience": 1, "max_train_samples": None, "max_eval_samples": None}


def build_tiny_bert(folder: Path, labels: list[str] | None = None) -> Path:
    """Save a 2-layer BERT (random weights) and a word-level tokenizer into `folder`."""
    from transformers import BertConfig, BertForSequenceClassification, BertModel, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(set(WORDS))
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    if labels:
        config.id2label = dict(enumerate(labels))
        config.label2id = {label: i for i, label in enumerate(labels)}
        model = BertForSequenceClassification(config)
    else:
        model = BertModel(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    """A tiny encoder folder (no head): a stand-in for MiniLM in unit tests."""
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


def write_rows(path: Path, rows: list[dict]) -> Path:
    """Write JSON Lines for a test."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def make_rows(n_articles: int = 12, per_article: int = 6) -> list[dict]:
    """Labelled rows with all four labels, grouped into articles (synthetic, for unit tests only)."""
    quotes = {
        "supportive": "ukraine will join nato ; the path is irreversible",
        "doubtful": "membership is premature and not realistic , it is too early to say",
        "opposed": "we will block and veto ukraine , it will never join",
        "none": "the aid package and defence spending were discussed",
    }
    labels = list(quotes)
    rows = []
    for a in range(n_articles):
        for i in range(per_article):
            label = labels[(a + i) % 4]
            rows.append({"id": f"t-{a:02d}-{i}", "article_id": f"art-{a:02d}", "actor": f"minister {a}",
                         "quote": f"{quotes[label]} {'!' * i} {a}", "target": "Ukraine's membership in NATO",
                         "label": label, "alt_labels": [], "speaker": f"minister {a}"})
    return rows


@pytest.fixture
def tmp_cfg(tmp_path):
    """The real composed config (debug preset) with every path inside `tmp_path`."""
    def make(*overrides: str):
        paths = {"processed_dir": "processed", "predictions_dir": "predictions", "model_dir": "model",
                 "reports_dir": "reports"}
        return compose_config(["debug=tiny", *(f"paths.{k}={tmp_path / v}" for k, v in paths.items()),
                               f"output={tmp_path / 'out' / 'pred.jsonl'}", *overrides])
    return make

