"""Bad input: a clear message naming the file (and line), and every input accounted for."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, make_rows, write_rows
from pipeline.data.corpus import raw_files, read_labelled
from pipeline.errors import PipelineError
from pipeline.inputs import load_inputs
from pipeline.predict import run_predict

GOOD_ARTICLE = ('NATO Secretary General Jane Doe said on Tuesday that Ukraine would join the alliance. '
                '"The door is open," she told reporters in Brussels.\n')


# ---- ingest -------------------------------------------------------------------------------

@pytest.mark.parametrize("line, message", [
    (b"{broken", "invalid JSON"),
    (b"\xff\xfe not utf-8", "invalid UTF-8"),
    (b"[1, 2]", "expected a JSON object"),
    (json.dumps({"id": "m", "article_id": "a", "actor": "x", "quote": "q", "target": "t"}).encode(), "missing field 'label'"),
    (json.dumps({"id": "w", "article_id": "a", "actor": ["x"], "quote": "q", "target": "t", "label": "none"}).encode(),
     "field 'actor' must be a string"),
    (json.dumps({"id": "u", "article_id": "a", "actor": "x", "quote": "q", "target": "t", "label": "pro"}).encode(),
     "unknown label 'pro'"),
    (json.dumps({"id": "e", "article_id": "a", "actor": "x", "quote": "q", "target": " ", "label": "none"}).encode(),
     "field 'target' is empty"),
    (json.dumps(make_rows(1, 1)[0]).encode(), "duplicate id"),
])
def test_ingest_rejects_each_bad_row_with_file_and_line(tmp_path, line, message):
    rows = make_rows(1, 3)
    path = write_rows(tmp_path / "raw.jsonl", rows)
    path.write_bytes(path.read_bytes() + line + b"\n")
    result = read_labelled([path])
    assert len(result.rows) + len(result.rejects) == len(rows) + 1
    assert result.rejects and result.rejects[0]["reason"].startswith(f"{path}:{len(rows) + 1}: ")
    assert message in result.rejects[0]["reason"]


def test_ingest_binary_file_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no \\*.jsonl files"):
        raw_files(tmp_path / "empty")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        raw_files(tmp_path / "missing")
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(bytes(range(256)) * 4)
    result = read_labelled([binary])
    assert not result.rows and result.rejects and all(str(binary) in r["reason"] for r in result.rejects)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert read_labelled([empty]).rows == [] and read_labelled([empty]).rejects == []


# ---- predict inputs -----------------------------------------------------------------------

@pytest.fixture
def extract_cfg():
    from pipeline.config import compose_config

    return compose_config().extract


def accounted(inputs) -> int:
    return len(inputs.articles) + len(inputs.pairs) + len(inputs.skipped)


def test_mixed_folder_keeps_good_articles_and_lists_bad_ones(tmp_path, extract_cfg):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE)
    (folder / "good.md").write_text("# Title\n\n" + GOOD_ARTICLE)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "latin1.txt").write_bytes("Caf\xe9 said nothing".encode("latin-1"))
    (folder / "script.html").write_text("<html><head><style>p{}</style><script>alert(1)</script></head><body></body></html>")
    (folder / "huge.txt").write_text("word " * (extract_cfg.max_chars // 5 + 10))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "deutsch.txt").write_text("Der Minister sagte am Dienstag, die Tür der Allianz bleibe offen. "
                                        "„Wir stehen an der Seite der Ukraine“, sagte er in Berlin.\n")
    inputs = load_inputs(folder, extract_cfg, "t")
    assert inputs.read == 9 == accounted(inputs)
    assert sorted(a["article_id"] for a in inputs.articles) == ["deutsch", "good", "good"]
    skipped = {s["source"].rsplit("/", 1)[-1]: s["reason"] for s in inputs.skipped}
    assert set(skipped) == {"empty.txt", "binary.txt", "latin1.txt", "script.html", "huge.txt", "notes.pdf"}
    for name, reason in skipped.items():
        assert name in reason, reason


def test_jsonl_lines_each_accounted_for(tmp_path, extract_cfg):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": GOOD_ARTICLE}),
        json.dumps({"actor": "Hungary", "quote": "We will not support it.", "extra": 1}),
        "{broken",
        json.dumps({"text": 42}),
        json.dumps({"actor": "X", "quote": "Y", "target": ""}),
        json.dumps({"foo": "bar"}),
        json.dumps({"text": "   "}),
    ]
    path.write_text("\n".join(lines) + "\n")
    inputs = load_inputs(path, extract_cfg, "default target")
    assert inputs.read == len(lines) == accounted(inputs)
    assert [a["article_id"] for a in inputs.articles] == ["a1"]
    assert inputs.pairs == [{"actor": "Hungary", "quote": "We will not support it.", "extra": 1,
                             "target": "default target"}]
    reasons = [s["reason"] for s in inputs.skipped]
    assert [r.split(": ", 1)[0] for r in reasons] == [f"{path}:{n}" for n in (3, 4, 5, 6, 7)]


def test_missing_input_path_is_a_clear_error(tmp_path, extract_cfg):
    with pytest.raises(PipelineError, match="does not exist"):
        load_inputs(tmp_path / "nope", extract_cfg, "t")


# ---- the predict script as a user runs it ------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.predict", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_cli_errors_are_one_clear_line(tmp_path):
    missing = run_cli(f"input={tmp_path / 'nope'}", f"output={tmp_path / 'o.jsonl'}", "classifier=zeroshot")
    assert missing.returncode == 1 and missing.stderr.strip().splitlines()[-1] == \
        f"error: {tmp_path / 'nope'}: input path does not exist"
    (tmp_path / "empty").mkdir()
    empty = run_cli(f"input={tmp_path / 'empty'}", f"output={tmp_path / 'o.jsonl'}", "classifier=zeroshot")
    assert empty.returncode == 1 and "no articles or pairs to read" in empty.stderr
    no_target = run_cli(f"input={tmp_path}", f"output={tmp_path / 'o.jsonl'}", "target=''", "classifier=zeroshot")
    assert no_target.returncode == 1 and "target must be a non-empty string" in no_target.stderr
    assert "Traceback" not in missing.stderr + empty.stderr + no_target.stderr


@pytest.mark.integration
def test_mixed_folder_exit_zero_and_output_dir_created(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_ARTICLE)
    (folder / "noquotes.txt").write_text("The weather in Brussels was mild on Tuesday.\n")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00junk")
    out = tmp_path / "new" / "dir" / "pred.jsonl"
    result = run_cli(f"input={folder}", f"output={out}", "classifier=zeroshot")
    assert result.returncode == 0, result.stderr
    summary = json.loads(out.with_name("pred.summary.json").read_text())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert summary["read"] == 3 and [s["source"] for s in summary["skipped"]] == [str(folder / "bad.txt")]
    assert summary["articles_without_pairs"] == ["noquotes"]
    assert {r["article_id"] for r in rows} == {"good"}
    assert "skipped" in result.stderr and "bad.txt" in result.stderr
