"""The sample articles in data/articles: read like any input, with the statements a reader expects."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.extraction import extract_pairs, read_article_text

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


@pytest.fixture(scope="module")
def cfg() -> dict:
    return as_dict(compose_config())["extract"]


def pairs_of(name: str, cfg: dict) -> list[tuple[str, str, str]]:
    text = read_article_text(ARTICLES / name, cfg)
    pairs = extract_pairs(text, cfg)
    assert pairs and all(text[p.start:p.end] == p.quote for p in pairs)
    return [(p.actor, p.kind, p.quote) for p in pairs]


def has(pairs: list[tuple[str, str, str]], actor: str, words: str) -> bool:
    return any(a == actor and words in q for a, _, q in pairs)


def test_every_sample_article_is_readable_and_has_pairs(cfg):
    files = sorted(ARTICLES.glob("*"))
    assert {f.suffix for f in files} >= {".txt", ".md", ".html"}
    for file in files:
        assert extract_pairs(read_article_text(file, cfg), cfg)


def test_vilnius_ministers(cfg):
    pairs = pairs_of("vilnius_ministers.txt", cfg)
    assert has(pairs, "Liina Tamm", "Allies owe Kyiv a date.")
    assert has(pairs, "Liina Tamm", "the invitation could be issued")          # "She added" after two names
    assert has(pairs, "Antti Halonen", "membership remained the goal")
    assert has(pairs, "Hungary", "Hungary has refused to back any timetable")
    # the minister reports his government's position: the actor is Hungary, he is the speaker (ANNOTATION.md)
    assert has(pairs, "Hungary", "Budapest would not support an invitation")
    assert not has(pairs, "Gábor Kertész", "Budapest would not support an invitation")
    assert has(pairs, "Germany", "setting a date would hand Moscow a veto")
    assert not any("correspondent" in q for _, _, q in pairs)


def test_secretary_general_visit(cfg):
    pairs = pairs_of("secretary_general_visit.txt", cfg)
    assert has(pairs, "Helena Varga", "The decision of the allies on Ukraine's future membership")  # stated this
    assert has(pairs, "Helena Varga", "The path is irreversible")                 # "the Secretary General said"
    assert has(pairs, "Mykola Shevchuk", "We ask for fairness")                   # "the Ukrainian president said"
    assert has(pairs, "Helena Varga", "Let me be clear about one thing.")          # quotation over two paragraphs
    assert has(pairs, "Russia", "it will never accept Ukraine in NATO")            # Moscow -> Russia


def test_summit_divisions_markdown(cfg):
    pairs = pairs_of("summit_divisions.md", cfg)
    assert has(pairs, "Slovakia", "has been opposed to any reference to an invitation")
    assert has(pairs, "Hungary", "have refused to endorse a timetable") and has(pairs, "Turkey", "timetable")
    assert has(pairs, "Eva de Vries", "Keeping it is a matter of credibility")
    assert has(pairs, "Juraj Bartko", "We will find words")                       # "the Slovak prime minister"
    assert not any("senior diplomat" in q or a == "Brussels" for a, _, q in pairs)


def test_ramstein_briefing_html(cfg):
    pairs = pairs_of("ramstein_briefing.html", cfg)
    assert has(pairs, "Tomas Lind", "Every promise made in this room will be kept")  # "the leader of the Alliance"
    assert has(pairs, "Tomas Lind", "Ukraine has earned its place")                 # guillemets
    assert has(pairs, "Poland", "Poland has called for an invitation")
    assert has(pairs, "Karin Albers", "Germany backed Ukraine's membership in principle")
    assert not any("Injected" in q or "not a quote" in q for _, _, q in pairs)
