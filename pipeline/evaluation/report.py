"""The evaluation report: one self-contained HTML file and its Markdown twin, from the evaluate stage's results.

`report_context` gathers every number and table (pure); `report_figures` draws the images; the two
Jinja2 templates in `templates/` lay them out; `write_reports` is the only function that touches files.
"""
from __future__ import annotations

import base64
from collections import defaultdict
from pathlib import Path
from typing import Mapping, Sequence

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.data.checks import corpus_stats
from pipeline.data.schema import LABELS
from pipeline.evaluation.calibration import calibration, confidences
from pipeline.evaluation.figures import confusion_png, reliability_png
from pipeline.evaluation.metrics import score_labelled
from pipeline.io import atomic_writer

TEMPLATES = Path(__file__).with_name("templates")
FIGURES_DIR = "figures"
NAMES = {"zeroshot": "Zero-shot", "finetuned": "Fine-tuned"}
SECTIONS = {
    "data": "Data",
    "headline": "Zero-shot and fine-tuned on the test split",
    "per-class": "Per-class figures",
    "confusion": "Confusion matrices",
    "calibration": "Calibration",
    "errors": "Most confident mistakes",
    "targets": "Per-target breakdown",
    "seeds": "Gold seeds",
    "config": "Configuration and model",
}
TUNING_NOTE = ("The zero-shot label templates, its per-stance bias, its on-target score (pooling, stance weight, "
               "threshold) and its temperatures were chosen on the dev split, and so were the fine-tuned model's "
               "settings (encoder layers kept and frozen, head pooling, batch size, epochs, learning rate, label "
               "smoothing), its best epoch and its score temperature; the test split was used for nothing but the "
               "figures below. Most of those settings were chosen while the corpus held 5,405 pairs, the number of "
               "epochs on the dev splits of 8,621 pairs and then of the current 16,335, the frozen layers and batch "
               "size on the dev split of 11,471 pairs, and the learning rate and label smoothing on the dev split "
               "of 13,930 pairs; "
               "the corpus was split afresh after each growth, so some stories of the dev splits the earlier "
               "settings were chosen on are in this test split now; the best epoch and the temperature come from "
               "the current dev split. The gold seeds are a development set: the kinds of error seen on them guided "
               "which corpus supplements were written, and one supplement that widened the gap between test and "
               "seed scores was left out; a later one, written from dev errors, was left out because dev scores "
               "fell (`data/README.md`). No seed sentence was trained on, and no model setting was chosen by its "
               "seed score.")


def data_summary(test: Sequence[Mapping], data_checks: Mapping | None) -> dict:
    """Per split (train and dev from ingest's checks when given, test from the rows evaluated): counts and targets."""
    splits = {name: stats for name, stats in (data_checks or {}).get("splits", {}).items() if name != "test"}
    splits["test"] = corpus_stats(list(test))
    targets = sorted({t for stats in splits.values() for t in stats["targets"]},
                     key=lambda t: (-splits["test"]["targets"].get(t, 0), t))
    checks = None
    if data_checks:
        checks = {"near_duplicate_rate": data_checks.get("near_duplicates", {}).get("rate"),
                  "leaked_rows": len(data_checks.get("leakage", {}).get("rows", [])),
                  "held_out_dirs_found": data_checks.get("leakage", {}).get("held_out_dirs_found", [])}
    return {"splits": splits, "targets": targets, "checks": checks}


def top_errors(rows: Sequence[Mapping], k: int) -> list[dict]:
    """The `k` wrong rows with the highest confidence, most confident first."""
    conf, correct = confidences(rows)
    wrong = sorted((i for i in range(len(rows)) if not correct[i]), key=lambda i: -conf[i])[:k]
    return [{"actor": rows[i]["actor"], "quote": rows[i]["quote"], "target": rows[i]["target"],
             "gold": rows[i]["gold"], "label": rows[i]["label"], "confidence": float(conf[i])} for i in wrong]


def by_target(rows: Sequence[Mapping]) -> dict[str, dict]:
    """The scorer's n, macro-F1 and on-target F1 on each target's rows; no macro-F1 without on-target gold."""
    groups: dict[str, list[Mapping]] = defaultdict(list)
    for row in rows:
        groups[row["target"]].append(row)
    out = {}
    for target, group in groups.items():
        result = score_labelled(group)
        out[target] = {k: result[k] for k in ("n", "n_on_target", "macro_f1", "on_target_f1")}
        if not result["n_on_target"]:
            out[target]["macro_f1"] = None
    return out


def target_table(labelled: Mapping[str, Sequence[Mapping]]) -> list[dict]:
    """One row per target (largest first) with each classifier's per-target figures."""
    per_classifier = {name: by_target(rows) for name, rows in labelled.items()}
    targets = sorted({t for figures in per_classifier.values() for t in figures},
                     key=lambda t: (-max(f.get(t, {"n": 0})["n"] for f in per_classifier.values()), t))
    return [{"target": t, "by": {name: figures.get(t) for name, figures in per_classifier.items()}} for t in targets]


def end_to_end_table(end_to_end: Mapping[str, Mapping]) -> list[dict]:
    """Numeric end-to-end figures as rows (figure name, value per classifier)."""
    keys = [k for k, v in next(iter(end_to_end.values()), {}).items() if isinstance(v, (int, float))
            and not isinstance(v, bool)]
    return [{"figure": k.replace("_", " "), "by": {name: r.get(k) for name, r in end_to_end.items()}}
            for k in keys]


def report_context(results: Mapping, labelled: Mapping[str, Sequence[Mapping]], test: Sequence[Mapping],
                   config: Mapping, data_checks: Mapping | None = None, model_metadata: Mapping | None = None) -> dict:
    """Every number and table the report shows."""
    eval_cfg = config["evaluate"]
    seeds = results.get("seeds") or {}
    return {
        "sections": SECTIONS,
        "tuning_note": TUNING_NOTE,
        "names": {name: NAMES.get(name, name) for name in results["test"]},
        "labels": LABELS,
        "data": data_summary(test, data_checks),
        "test": results["test"],
        "calibration": {name: calibration(rows, eval_cfg["calibration_bins"]) for name, rows in labelled.items()},
        "bins": eval_cfg["calibration_bins"],
        "temperature": (model_metadata or {}).get("calibration"),
        "errors": {name: top_errors(rows, eval_cfg["top_errors"]) for name, rows in labelled.items()},
        "top_errors": eval_cfg["top_errors"],
        "targets": target_table(labelled),
        "seed_pairs": seeds.get("pairs"),
        "seed_end_to_end": end_to_end_table(seeds["end_to_end"]) if seeds.get("end_to_end") else None,
        "seed_file": config["paths"]["gold_file"],
        "seeds_dir": config["paths"]["seeds_dir"],
        "model": config["model"],
        "zeroshot_model": config["zeroshot"].get("model"),
        "model_dir": config["paths"]["model_dir"],
        "model_metadata": _yaml({k: v for k, v in model_metadata.items() if k != "config"}) if model_metadata else None,
        "config_yaml": _yaml(config),
    }


def report_figures(context: Mapping) -> dict[str, bytes]:
    """PNG bytes per figure name: a confusion matrix and a reliability diagram per classifier."""
    figures = {}
    for name, label in context["names"].items():
        figures[f"confusion_{name}"] = confusion_png(context["test"][name]["confusion"], LABELS, label)
        cal = context["calibration"][name]
        figures[f"reliability_{name}"] = reliability_png(cal["bins"], cal["ece"], label)
    return figures


def render_html(context: Mapping, figures: Mapping[str, bytes]) -> str:
    """The self-contained HTML report: images inlined as base64 PNG data URIs."""
    images = {k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in figures.items()}
    return _env().get_template("report.html.j2").render(**context, images=images)


def render_markdown(context: Mapping, figure_paths: Mapping[str, str]) -> str:
    """The Markdown twin: images referenced by relative path."""
    return _env().get_template("report.md.j2").render(**context, images=figure_paths)


def write_reports(reports_dir: Path, results: dict, labelled: dict, test: list[dict], config: dict,
                  data_checks: dict | None = None, model_metadata: dict | None = None) -> None:
    """Write `report.html`, `report.md` and the PNGs under `figures/` into `reports_dir`."""
    reports_dir = Path(reports_dir)
    context = report_context(results, labelled, test, config, data_checks, model_metadata)
    figures = report_figures(context)
    paths = {name: f"{FIGURES_DIR}/{name}.png" for name in figures}
    for name, png in figures.items():
        with atomic_writer(reports_dir / paths[name], "wb") as handle:
            handle.write(png)
    with atomic_writer(reports_dir / "report.md") as handle:
        handle.write(render_markdown(context, paths))
    with atomic_writer(reports_dir / "report.html") as handle:
        handle.write(render_html(context, figures))


def _yaml(obj: Mapping) -> str:
    """Block-style YAML in the order given."""
    return yaml.safe_dump(dict(obj), sort_keys=False, allow_unicode=True, width=100)


def _number(value: float | int | None, digits: int = 3) -> str:
    """A figure as the report prints it: ints as they are, floats to `digits` places, a dash for none."""
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def _interval(ci: Sequence[float] | None) -> str:
    """A confidence interval as `[low, high]`."""
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "–"


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell (no pipes, line breaks or raw HTML)."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " "))


def _env() -> Environment:
    """Templates from `templates/`; HTML ones autoescaped."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html.j2"], default=False),
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(num=_number, ci=_interval, cell=_cell)
    return env
