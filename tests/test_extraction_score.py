"""The extraction scorer on hand-made rows; every expected number is worked out in the comments."""
from __future__ import annotations

import pytest

from pipeline.evaluation.extraction_score import quote_overlaps, same_actor, score_extraction


def row(article: str, actor: str, quote: str, label: str, **extra) -> dict:
    return {"article_id": article, "actor": actor, "quote": quote, "target": "Ukraine's membership in NATO",
            "label": label, "scores": {label: 0.9}, **extra}


GOLD = [
    row("a1", "Mark Rutte", "The path to membership is irreversible and the door stays open.", "supportive"),  # g1
    row("a1", "Hungary", "Hungary will not support an invitation this year.", "opposed"),                    # g2
    row("a1", "Mark Rutte", "Strong defence sends a powerful message.", "none"),                             # g3
    row("a2", "Volodymyr Zelensky", "Membership is only a matter of time.", "supportive", alt_labels=[]),    # g4
]
PRED = [
    row("a1", "Rutte", "the path to membership is irreversible", "supportive"),       # p1: 6 of g1's 11 words
    row("a1", "Mark Rutte", "Hungary will not support an invitation this year.", "opposed"),  # p2: wrong actor
    row("a1", "Mark Rutte", "Strong defence sends a powerful message.", "none"),      # p3: g3
    row("a2", "Zelenskyy", "Ukraine's membership is only a matter of time, he said", "supportive"),  # p4: all 7 of g4
    row("a2", "Mark Rutte", "An unrelated sentence about the weather today.", "none"),  # p5: matches nothing
]


def test_scores_on_hand_made_rows():
    scores = score_extraction(PRED, GOLD)
    # found: g1 (p1), g3 (p3), g4 (p4); g2 only by p2 with the wrong actor -> 3 / 4
    assert scores["pair_recall"] == 0.75
    # on target: g1, g2, g4 -> found g1, g4 -> 2 / 3
    assert scores["pair_recall_on_target"] == 0.6667
    # correct predictions: p1, p3, p4 -> 3 / 5
    assert scores["pair_precision"] == 0.6
    # quotes covered by some prediction: g1..g4 (4); with the right actor: g1, g3, g4 -> 3 / 4
    assert scores["attribution_accuracy"] == 0.75
    # gold items: (Rutte, supportive), (Hungary, opposed), (Zelensky, supportive)
    # predicted items: (Rutte, supportive), (Mark Rutte, opposed), (Zelenskyy, supportive) -> 2 match each way
    assert scores["actor_stance_precision"] == 0.6667
    assert scores["actor_stance_recall"] == 0.6667
    assert scores["actor_stance_f1"] == 0.6667
    assert scores["n_gold"] == 4 and scores["n_predicted"] == 5 and scores["n_gold_on_target"] == 3
    assert scores["n_found"] == 3 and scores["n_quote_found"] == 4 and scores["n_predicted_correct"] == 3


def test_actor_stance_counts_each_actor_and_label_once_and_accepts_alternative_labels():
    gold = [row("a", "Mark Rutte", "x y z", "supportive", alt_labels=["doubtful"]),
            row("a", "Hungary", "u v w", "opposed")]
    pred = [row("a", "Rutte", "p", "doubtful"), row("a", "Mark Rutte", "q", "doubtful"),
            row("a", "Slovakia", "r", "opposed"), row("a", "Hungary", "s", "none")]
    scores = score_extraction(pred, gold)
    # predicted items: (Rutte, doubtful) [twice, counted once], (Slovakia, opposed) -> 1 of 2 match
    # gold items: (Rutte, supportive|doubtful) matched, (Hungary, opposed) not -> 1 of 2
    assert scores["actor_stance_precision"] == 0.5 and scores["actor_stance_recall"] == 0.5
    assert scores["actor_stance_f1"] == 0.5


def test_aliases_are_used_by_every_figure():
    aliases = {"Russia": ["Moscow", "Kremlin"]}
    gold = [row("a", "Russia", "Any step towards membership is a threat.", "opposed")]
    pred = [row("a", "Kremlin", "any step towards membership is a threat", "opposed")]
    assert score_extraction(pred, gold)["pair_recall"] == 0.0
    with_aliases = score_extraction(pred, gold, aliases)
    assert with_aliases["pair_recall"] == with_aliases["pair_precision"] == with_aliases["actor_stance_f1"] == 1.0


def test_empty_inputs_give_zeros():
    scores = score_extraction([], [])
    assert scores["pair_recall"] == scores["pair_precision"] == scores["actor_stance_f1"] == 0.0


@pytest.mark.parametrize("a,b,expected", [
    ("Mark Rutte", "Rutte", True), ("Volodymyr Zelensky", "Zelenskyy", True), ("Viktor Orbán", "Orban", True),
    ("Mark Rutte", "Jens Stoltenberg", False), ("Hungary", "Slovakia", False), ("", "Rutte", False),
])
def test_same_actor(a, b, expected):
    assert same_actor(a, b) is expected


def test_same_actor_through_aliases():
    aliases = {"United States": ["Washington", "U.S."]}
    assert same_actor("Washington", "United States", aliases) and same_actor("U.S.", "Washington", aliases)
    assert not same_actor("Washington", "United States")


def test_quote_overlap_needs_half_of_the_gold_words_in_order():
    gold = "one two three four five six"
    assert quote_overlaps("one two three", gold)
    assert not quote_overlaps("one two", gold)
    assert not quote_overlaps("six five four three", gold)   # only one of them in order


def test_majority_keeps_one_stance_per_actor_and_article():
    gold = [row("a1", "Mark Rutte", "The door stays open.", "supportive"),
            row("a1", "Hungary", "Hungary will block the invitation.", "opposed")]
    pred = [row("a1", "Mark Rutte", "The door stays open.", "supportive"),
            row("a1", "Mark Rutte", "The path is irreversible.", "supportive"),
            row("a1", "Mark Rutte", "Nobody crossed a red line but Russia.", "opposed"),   # off target, mislabelled
            row("a1", "Hungary", "Hungary will block the invitation.", "opposed"),
            row("a1", "Tom Berg", "The weather was fine.", "none")]
    scores = score_extraction(pred, gold)
    # every pair: (Rutte, supportive), (Rutte, opposed), (Hungary, opposed) -> precision 2/3, recall 1
    assert (scores["actor_stance_precision"], scores["actor_stance_recall"]) == (0.6667, 1.0)
    # majority: Rutte supportive (2 of 3), Hungary opposed; Tom Berg has no stance -> precision 1, recall 1
    assert (scores["actor_stance_majority_precision"], scores["actor_stance_majority_recall"]) == (1.0, 1.0)
    assert scores["n_actor_stance_majority_predicted"] == 2
