"""Properties for any input: no exception, exact offsets, deterministic output."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import as_dict, compose_config
from pipeline.extraction import extract_pairs

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "data" / "articles" / "vilnius_ministers.txt").read_text(encoding="utf-8")
CFG = as_dict(compose_config())["extract"]
PIECES = st.sampled_from(['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "'", "\u2019", " ", "\n", "\n\n",
                          ".", ",", ":", ";", "?", "\u2014", "-", "(", ")", "\u00a0", "\u200b", "\r", "\x00",
                          "Tomas Berg", "said", "he", "She", "that", "Hungary", "the U.S.", "according to",
                          "the NATO chief", "stated this", "including", "and", "Mr.", "Ukraine's", "\u00e9", "A"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def check(text: str) -> None:
    pairs = extract_pairs(text, CFG)
    for pair in pairs:
        assert text[pair.start:pair.end] == pair.quote and pair.quote.strip()
        assert pair.actor and pair.speaker and pair.kind in ("direct", "reported", "position")
    assert [(p.start, p.end) for p in pairs] == sorted((p.start, p.end) for p in pairs)
    assert extract_pairs(text, CFG) == pairs


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_unicode_text(text):
    check(text)


@SETTINGS
@given(st.lists(PIECES, max_size=60).map(" ".join))
def test_text_made_of_quotes_names_and_verbs(text):
    check(text)


@SETTINGS
@given(st.integers(0, len(SAMPLE)), st.integers(0, len(SAMPLE)), st.text(max_size=12))
def test_a_real_article_cut_and_spliced_anywhere(i, j, insert):
    i, j = sorted((i, j))
    check(SAMPLE[:i] + insert + SAMPLE[j:])


@pytest.mark.parametrize("text", ["\u201c", '""', '"' * 50, "said " * 200, "\n" * 100, "Rutte" + "'s" * 30])
def test_degenerate_inputs(text):
    check(text)
