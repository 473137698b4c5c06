"""The evaluation report: every section, the same numbers as the metrics, self-contained HTML, a Markdown twin."""
import base64
import re

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.data.schema import LABELS
from pipeline.evaluation.calibration import ece_by_classifier
from pipeline.evaluation.compare import evaluate_rows
from pipeline.evaluation.report import SECTIONS, by_target, write_reports

EVAL = {"bootstrap_samples": 50, "confidence": 0.95}


def labelled_rows(shift: int) -> list[dict]:
    """Hand-made test rows, two targets; every `shift`-th row is mislabelled with a confident score."""
    rows = []
    for i in range(24):
        gold = LABELS[i % 4]
        label = LABELS[(i + 1) % 4] if i % shift == 0 else gold
        scores = {lab: 0.1 for lab in LABELS}
        scores[label] = 0.7
        rows.append({"id": f"r{i}", "article_id": f"a{i // 4}", "actor": f"Actor {i % 3}",
                     "quote": f"quote {i} <b>bold</b> | piped", "target": "T one" if i % 3 else "T two",
                     "gold": gold, "label": label, "scores": scores, "alt_labels": [], "classifier": "x"})
    return rows


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Reports written from real `evaluate_rows` results, without and then with the gold-seed results."""
    labelled = {"zeroshot": labelled_rows(2), "finetuned": labelled_rows(5)}
    test = [{k: v for k, v in r.items() if k not in ("label", "scores", "classifier")} | {"label": r["gold"]}
            for r in labelled["zeroshot"]]
    results = {"test": {name: evaluate_rows(rows, EVAL, 0) for name, rows in labelled.items()}, "seeds": {}}
    config = as_dict(compose_config())
    folder = tmp_path_factory.mktemp("reports")
    checks = {"splits": {"train": {"rows": 99, "articles": 9, "distinct_actors": 5, "off_target_share": 0.25,
                                   "labels": {"supportive": 30}, "targets": {"T one": 99}}},
              "near_duplicates": {"rate": 0.01, "pairs": []}, "leakage": {"held_out_dirs_found": [], "rows": []}}
    write_reports(folder / "plain", results, labelled, test, config, None, None)
    seeds = {"pairs": results["test"], "rows": labelled,
             "end_to_end": {name: {"pair_recall": 0.625, "pair_precision": 0.5, "attribution_accuracy": 0.875}
                            for name in labelled}}
    write_reports(folder / "full", {**results, "seeds": seeds}, labelled, test, config, checks,
                  {"base_model": "base-model-x", "config": {"secret_copy": 1},
                   "calibration": {"temperature": 1.7321, "dev_before": {"ece": 0.1234}, "dev_after": {"ece": 0.0456}}})
    return {"folder": folder, "results": results, "labelled": labelled, "config": config}


def read(report, which: str, name: str) -> str:
    return (report["folder"] / which / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_every_section_and_the_same_numbers(report, name):
    text = read(report, "full", name)
    for title in SECTIONS.values():
        assert title in text
    ece = ece_by_classifier(report["labelled"], report["config"]["evaluate"]["calibration_bins"])
    for classifier, r in report["results"]["test"].items():
        assert f"{r['macro_f1']:.3f}" in text and f"{r['on_target_f1']:.3f}" in text
        low, high = r["macro_f1_ci"]
        assert f"[{low:.3f}, {high:.3f}]" in text
        assert f"{r['per_class']['none']['f1']:.3f}" in text
        assert f"{ece[classifier]:.3f}" in text
    assert "chosen on the dev" in text
    assert "0.625" in text and "attribution accuracy" in text      # end to end on the seeds
    assert "base-model-x" in text and "secret_copy" not in text          # metadata without its config copy
    assert "bootstrap_samples: 1000" in text                          # the exact config
    assert "T two" in text                                            # per-target breakdown
    assert "temperature of 1.7321" in text and "0.123 before, 0.046 after" in text  # fitted on dev
    assert "temperature of" not in read(report, "plain", name)       # no model metadata, no claim


def test_html_is_self_contained(report):
    html = read(report, "full", "report.html")
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == 4
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<link" not in html and "<script" not in html
    assert "quote 0 &lt;b&gt;bold&lt;/b&gt;" in html                  # quotes are escaped


def test_markdown_twin_references_png_files(report):
    md = read(report, "full", "report.md")
    paths = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert sorted(paths) == sorted(f"figures/{kind}_{name}.png" for kind in ("confusion", "reliability")
                                   for name in ("zeroshot", "finetuned"))
    for path in paths:
        assert (report["folder"] / "full" / path).read_bytes()[:4] == b"\x89PNG"
    assert "quote 0 &lt;b&gt;bold&lt;/b&gt; \\| piped" in md          # table cells stay one cell


def test_most_confident_mistakes_listed(report):
    html = read(report, "full", "report.html")
    errors = html.split('id="errors"')[1].split('id="targets"')[0]
    assert errors.count("<tr><td>") == sum(r["gold"] != r["label"] for r in report["labelled"]["zeroshot"]) + \
        sum(r["gold"] != r["label"] for r in report["labelled"]["finetuned"])


def test_without_seeds_or_checks_says_so(report):
    for name in ("report.html", "report.md"):
        text = read(report, "plain", name)
        assert "Not evaluated" in text and "data_checks.json" in text


def test_per_target_macro_f1_needs_on_target_gold():
    rows = [{"target": "T", "gold": "none", "label": "none"}, {"target": "U", "gold": "opposed", "label": "opposed"}]
    figures = by_target(rows)
    assert figures["T"] == {"n": 1, "n_on_target": 0, "macro_f1": None, "on_target_f1": 0.0}
    assert figures["U"]["macro_f1"] == pytest.approx(1 / 3, abs=1e-4)    # one of three stances, and right
