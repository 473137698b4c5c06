"""The evaluation report (Markdown), written from the evaluate stage's results."""
from __future__ import annotations

from pathlib import Path

from pipeline.data.schema import LABELS
from pipeline.io import atomic_writer


def _table(results: dict) -> list[str]:
    """Zero-shot and fine-tuned side by side."""
    lines = ["| classifier | macro-F1 (3 stances) | 95 % CI | on-target F1 | 95 % CI | accuracy | n |",
             "|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['macro_f1']:.3f} | {r.get('macro_f1_ci', ['', ''])} | {r['on_target_f1']:.3f} | "
                     f"{r.get('on_target_f1_ci', ['', ''])} | {r['accuracy']:.3f} | {r['n']} |")
    return lines


def _confusion(result: dict) -> list[str]:
    """A confusion matrix as a Markdown table (rows gold, columns predicted)."""
    lines = ["| gold \\ predicted | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(str(v) for v in row) + " |" for label, row in zip(LABELS, result["confusion"])]
    return lines


def render_markdown(results: dict) -> str:
    """The report text."""
    lines = ["# Evaluation report", "", "## Test split", ""] + _table(results["test"])
    for name, r in results["test"].items():
        lines += ["", f"### Confusion matrix: {name}", ""] + _confusion(r)
    if results["seeds"]:
        lines += ["", "## Gold seed pairs (../shared/gold/seeds.jsonl)", ""] + _table(results["seeds"]["pairs"])
    if results["seeds"].get("end_to_end"):
        lines += ["", "## End to end on the seed articles", ""]
        for name, r in results["seeds"]["end_to_end"].items():
            lines.append(f"- {name}: " + ", ".join(f"{k} {v:.3f}" for k, v in r.items() if isinstance(v, float)))
    return "\n".join(lines) + "\n"


def write_reports(reports_dir: Path, results: dict, labelled: dict, test: list[dict], config: dict) -> None:
    """Write `report.md` into `reports_dir`."""
    with atomic_writer(Path(reports_dir) / "report.md") as handle:
        handle.write(render_markdown(results))
