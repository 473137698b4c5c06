"""Score labelled rows against gold, with bootstrap confidence intervals."""
from __future__ import annotations

from typing import Mapping

from pipeline.evaluation.metrics import bootstrap_ci, credit_alternatives, on_target_f1_of, score, stance_macro_f1_of


def evaluate_rows(labelled: list[dict], eval_cfg: Mapping, seed: int) -> dict:
    """Figures for rows carrying `gold` and `label` (and optional `alt_labels`)."""
    pred = [r["label"] for r in labelled]
    gold = credit_alternatives([r["gold"] for r in labelled], pred, [r.get("alt_labels") for r in labelled])
    result = score(gold, pred)
    if labelled:
        for name, metric in (("macro_f1", stance_macro_f1_of), ("on_target_f1", on_target_f1_of)):
            result[f"{name}_ci"] = list(bootstrap_ci(gold, pred, metric, eval_cfg["bootstrap_samples"],
                                                     eval_cfg["confidence"], seed))
    return result


def headline(result: dict) -> dict:
    """The figures `dvc metrics show` lists."""
    return {k: result[k] for k in ("macro_f1", "on_target_f1", "accuracy_on_target", "accuracy", "n")}
