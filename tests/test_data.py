"""Ingest: schema validation with file and line, grouped splits, duplicate and leakage checks."""
import json

import pytest

from conftest import make_rows, write_rows
from pipeline.data.checks import duplicate_rate, leaked_rows, near_duplicates
from pipeline.data.corpus import read_labelled
from pipeline.data.split import grouped_split
from pipeline.errors import PipelineError
from pipeline.ingest import ingest


def test_reader_keeps_every_row_or_reject(tmp_path):
    rows = make_rows(2, 3)
    path = tmp_path / "raw.jsonl"
    lines = [json.dumps(r) for r in rows]
    lines.insert(1, "{not json")
    lines.append(json.dumps({**rows[0]}))  # duplicate id
    lines.append(json.dumps({**rows[1], "id": "x", "label": "positive"}))
    lines.append(json.dumps({**rows[1], "id": "y", "quote": 7}))
    path.write_text("\n".join(lines) + "\n")
    result = read_labelled([path])
    assert len(result.rows) == len(rows)
    assert len(result.rows) + len(result.rejects) == len(lines)
    reasons = [r["reason"] for r in result.rejects]
    assert reasons[0].startswith(f"{path}:2: invalid JSON")
    assert "duplicate id" in reasons[1] and f"{path}:{len(rows) + 2}" in reasons[1]
    assert "unknown label 'positive'" in reasons[2]
    assert "field 'quote' must be a string" in reasons[3]


def test_split_never_straddles_articles():
    rows = make_rows(30, 5)
    splits = grouped_split(rows, 0.15, 0.15, seed=1)
    ids = {name: {r["article_id"] for r in part} for name, part in splits.items()}
    assert not (ids["train"] & ids["dev"]) and not (ids["train"] & ids["test"]) and not (ids["dev"] & ids["test"])
    assert sum(len(p) for p in splits.values()) == len(rows)
    assert all(len(p) > 0 for p in splits.values())


def test_near_duplicates_only_within_a_target():
    base = {"article_id": "a", "actor": "x", "label": "supportive"}
    rows = [
        {**base, "id": "1", "target": "t1", "quote": "Ukraine's future lies in the alliance, the minister said."},
        {**base, "id": "2", "target": "t1", "quote": "Ukraine's future lies in the alliance, the minister said!"},
        {**base, "id": "3", "target": "t2", "quote": "Ukraine's future lies in the alliance, the minister said."},
        {**base, "id": "4", "target": "t1", "quote": "Sanctions will stay until the last soldier leaves."},
    ]
    pairs = near_duplicates(rows, ngram=5, threshold=0.8)
    assert [(a, b) for a, b, _ in pairs] == [("1", "2")]
    assert 0.8 < pairs[0][2] < 1.0  # one different final character: similar, not identical
    assert duplicate_rate(pairs, len(rows)) == 0.25


def test_leakage_needs_eight_shared_words():
    held = ["Officials said the summit would open a new chapter for the whole region on Tuesday."]
    rows = [{"id": "leak", "quote": "we think the summit would open a new chapter for the whole region"},
            {"id": "ok", "quote": "the summit would open a new chapter, said Europe"}]
    assert [r["id"] for r in leaked_rows(rows, held, 8)] == ["leak"]


def test_ingest_fails_on_a_malformed_row_naming_file_and_line(tmp_cfg, tmp_path):
    raw = tmp_path / "raw"
    rows = make_rows(12, 6)
    path = write_rows(raw / "corpus.jsonl", rows)
    path.write_text(path.read_text() + '{"id": "bad", "label": "supportive"}\n')
    cfg = tmp_cfg(f"paths.raw_dir={raw}", "paths.leakage_dirs=[]")
    with pytest.raises(PipelineError, match=rf"{path}:{len(rows) + 1}: missing field"):
        ingest(cfg)
    rejects = (tmp_path / "processed" / "rejects.jsonl").read_text().splitlines()
    assert len(rejects) == 1 and json.loads(rejects[0])["line"] == len(rows) + 1


def test_ingest_writes_splits_and_checks(tmp_cfg, tmp_path):
    raw = tmp_path / "raw"
    write_rows(raw / "corpus.jsonl", make_rows(12, 6))
    checks = ingest(tmp_cfg(f"paths.raw_dir={raw}", "paths.leakage_dirs=[]", "data.near_duplicate.max_rate=1.0"))
    counts = {name: len((tmp_path / "processed" / f"{name}.jsonl").read_text().splitlines())
              for name in ("train", "dev", "test")}
    assert sum(counts.values()) == checks["corpus"]["rows"] == 72
    assert checks["corpus"]["labels"] == {"doubtful": 18, "none": 18, "opposed": 18, "supportive": 18}
