"""Expected calibration error and reliability bins on examples worked out by hand."""
import pytest

from pipeline.evaluation.calibration import calibration, ece_by_classifier


def row(gold: str, label: str, confidence: float, alt: list[str] | None = None) -> dict:
    """A labelled row whose predicted label scores `confidence`; the rest goes to `none` or `supportive`."""
    other = "none" if label != "none" else "supportive"
    return {"gold": gold, "label": label, "scores": {label: confidence, other: 1 - confidence}, "alt_labels": alt}


def test_ece_two_bins_by_hand():
    rows = [row("supportive", "supportive", 0.9), row("doubtful", "opposed", 0.8),
            row("none", "none", 0.3), row("opposed", "opposed", 0.4)]
    result = calibration(rows, bins=2)
    # upper bin: confidence (0.9 + 0.8) / 2 = 0.85, accuracy 1/2 -> gap 0.35, weight 2/4
    # lower bin: confidence (0.3 + 0.4) / 2 = 0.35, accuracy 2/2 -> gap 0.65, weight 2/4
    assert result["ece"] == pytest.approx(0.5 * 0.35 + 0.5 * 0.65)
    low, high = result["bins"]
    assert (low["count"], high["count"]) == (2, 2)
    assert high["confidence"] == pytest.approx(0.85) and high["accuracy"] == 0.5
    assert low["confidence"] == pytest.approx(0.35) and low["accuracy"] == 1.0


def test_calibrated_rows_have_zero_ece():
    rows = [row("supportive", "supportive", 0.75)] * 3 + [row("opposed", "supportive", 0.75)]
    assert calibration(rows, bins=10)["ece"] == pytest.approx(0.0)


def test_alternative_label_counts_as_right():
    assert calibration([row("doubtful", "opposed", 1.0, alt=["opposed"])], bins=10)["ece"] == 0.0
    assert calibration([row("doubtful", "opposed", 1.0)], bins=10)["ece"] == 1.0


def test_confidence_is_the_score_of_the_predicted_label():
    # `none` scores higher, but the classifier said `supportive` (two-step zero-shot decision): 0.3 counts.
    rows = [{"gold": "supportive", "label": "supportive", "scores": {"supportive": 0.3, "none": 0.4}}]
    result = calibration(rows, bins=10)
    assert result["ece"] == pytest.approx(0.7)
    assert [b["count"] for b in result["bins"]][3] == 1


def test_edges_empty_bins_and_no_rows():
    result = calibration([row("none", "none", 1.0), row("none", "none", 0.0)], bins=4)
    assert [b["count"] for b in result["bins"]] == [1, 0, 0, 1]
    assert result["bins"][1]["accuracy"] is None
    empty = calibration([], bins=10)
    assert (empty["ece"], empty["n"], len(empty["bins"])) == (0.0, 0, 10)


def test_ece_by_classifier_names_each():
    rows = [row("supportive", "supportive", 0.9)]
    assert ece_by_classifier({"zeroshot": rows, "finetuned": rows}, 10) == {"zeroshot": 0.1, "finetuned": 0.1}
