"""The scorer, on labels whose figures are worked out by hand."""
import numpy as np
import pytest
from sklearn.metrics import f1_score

from pipeline.data.schema import LABELS, OFF_TARGET, STANCES
from pipeline.evaluation.metrics import (bootstrap_ci, confusion, on_target_f1, per_class_f1_of, score, score_labelled,
                                         stance_macro_f1, stance_macro_f1_of)


def test_score_by_hand():
    gold = ["supportive", "supportive", "doubtful", "opposed", "none", "none"]
    pred = ["supportive", "doubtful", "doubtful", "opposed", "none", "opposed"]
    result = score(gold, pred)
    # on-target rows: S->S, S->D, D->D, O->O. F1: supportive 2/3, doubtful 2/3, opposed 1.
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3, abs=1e-4)
    # on-target detection: gold on = 4 rows; predicted on = 5 rows, 4 of them right: P 4/5, R 1, F1 8/9.
    assert result["on_target_f1"] == pytest.approx(8 / 9, abs=1e-4)
    assert result["accuracy"] == pytest.approx(4 / 6, abs=1e-4)
    assert result["per_class"]["none"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3, abs=1e-4),
                                           "support": 2}


def test_alternative_labels_count_as_right():
    result = score(["doubtful"], ["opposed"], alts=[["opposed"]])
    assert result["accuracy"] == 1.0


def test_macro_f1_ignores_off_target_gold():
    assert stance_macro_f1(["none", "supportive"], ["opposed", "supportive"]) == pytest.approx(1 / 3)


def test_bootstrap_interval_brackets_the_estimate():
    gold = ["supportive", "doubtful", "opposed"] * 20
    pred = ["supportive", "doubtful", "doubtful"] * 20
    low, high = bootstrap_ci(gold, pred, stance_macro_f1_of, samples=200, confidence=0.95, seed=0)
    assert low <= stance_macro_f1(gold, pred) <= high and low < high


@pytest.mark.parametrize("seed", range(20))
def test_count_based_f1_equals_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    gold, pred = list(rng.choice(LABELS, n)), list(rng.choice(LABELS, n))
    on = [i for i, g in enumerate(gold) if g != OFF_TARGET]
    expected = f1_score([gold[i] for i in on], [pred[i] for i in on], labels=list(STANCES), average="macro",
                        zero_division=0) if on else 0.0
    assert stance_macro_f1(gold, pred) == pytest.approx(expected)
    assert on_target_f1(gold, pred) == pytest.approx(
        f1_score([g != OFF_TARGET for g in gold], [p != OFF_TARGET for p in pred], zero_division=0))
    assert per_class_f1_of(confusion(gold, pred)) == pytest.approx(
        f1_score(gold, pred, labels=list(LABELS), average=None, zero_division=0))


def test_score_labelled_reads_gold_label_and_alternatives():
    rows = [{"gold": "doubtful", "label": "opposed", "alt_labels": ["opposed"]},
            {"gold": "supportive", "label": "none"}, {"gold": "none", "label": "none", "alt_labels": None}]
    assert score_labelled(rows) == score(["doubtful", "supportive", "none"], ["opposed", "none", "none"],
                                         [["opposed"], None, None])
    assert score_labelled(rows)["per_class"]["opposed"]["f1"] == 1.0    # the alternative counted as right
