"""Train/dev/test split grouped by article, stratified by label."""
from __future__ import annotations

from sklearn.model_selection import StratifiedGroupKFold


def _hold_out(rows: list[dict], fraction: float, seed: int) -> tuple[list[dict], list[dict]]:
    """Split off about `fraction` of rows as one fold of whole articles."""
    folds = max(2, round(1 / fraction))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    labels = [r["label"] for r in rows]
    groups = [r["article_id"] for r in rows]
    keep, held = next(splitter.split(rows, labels, groups))
    return [rows[i] for i in keep], [rows[i] for i in held]


def grouped_split(rows: list[dict], dev_fraction: float, test_fraction: float, seed: int) -> dict[str, list[dict]]:
    """Split rows into train/dev/test so that no article_id straddles two splits."""
    rest, test = _hold_out(rows, test_fraction, seed)
    train, dev = _hold_out(rest, dev_fraction / (1 - test_fraction), seed)
    return {"train": train, "dev": dev, "test": test}
