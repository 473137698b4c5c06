"""Direct quotations: marks, multi-sentence quotations, split and multi-paragraph quotations."""
from __future__ import annotations

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.extraction import extract_pairs


@pytest.fixture(scope="module")
def cfg() -> dict:
    return as_dict(compose_config())["extract"]


def found(text: str, cfg: dict, kind: str | None = None) -> list[tuple[str, str]]:
    pairs = extract_pairs(text, cfg)
    assert all(text[p.start:p.end] == p.quote for p in pairs)
    return [(p.actor, p.quote) for p in pairs if kind is None or p.kind == kind]


@pytest.mark.parametrize("opening,closing", [('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"),
                                             ("\u201e", "\u201c"), ('"', "\u201d")])
def test_quotation_marks_of_every_style(cfg, opening, closing):
    text = f"{opening}The door of the alliance remains open to Kyiv,{closing} Tomas Berg said."
    assert found(text, cfg) == [("Tomas Berg", "The door of the alliance remains open to Kyiv,")]


def test_a_quotation_of_several_sentences_gives_one_pair_per_sentence(cfg):
    text = ('Foreign Minister Anna Keller spoke in Riga. "We will not wait forever. The allies made a promise. '
            'Promises must be kept," Keller said.')
    pairs = extract_pairs(text, cfg)
    assert [(p.actor, p.quote) for p in pairs] == [
        ("Anna Keller", "We will not wait forever."),
        ("Anna Keller", "The allies made a promise."),
        ("Anna Keller", "Promises must be kept,"),
    ]
    assert all(text[p.start:p.end] == p.quote and p.kind == "direct" for p in pairs)


def test_a_quotation_split_by_its_attribution_keeps_the_speaker(cfg):
    text = ('"Ukraine is closer to the alliance than ever," Tomas Berg said at a press conference with '
            'President Ivan Horak. "It will continue on this path. Nobody can stop that."')
    assert found(text, cfg) == [("Tomas Berg", "Ukraine is closer to the alliance than ever,"),
                                ("Tomas Berg", "It will continue on this path."),
                                ("Tomas Berg", "Nobody can stop that.")]


def test_speaker_before_the_quotation_and_inverted_attribution(cfg):
    assert found('Anna Keller told the parliament: "Our support for Kyiv will not end."', cfg) == [
        ("Anna Keller", "Our support for Kyiv will not end.")]
    assert found('"Our support for Kyiv will not end," said Anna Keller.', cfg) == [
        ("Anna Keller", "Our support for Kyiv will not end,")]


def test_a_quotation_across_paragraphs(cfg):
    text = ('"The summit will not change our course," Tomas Berg said.\n\n'
            '"We discussed the budget, the industry and the training of pilots.\n\n'
            '"None of that replaces the political decision on membership."\n\n'
            'The meeting ended in the evening.')
    assert found(text, cfg) == [
        ("Tomas Berg", "The summit will not change our course,"),
        ("Tomas Berg", "We discussed the budget, the industry and the training of pilots."),
        ("Tomas Berg", "None of that replaces the political decision on membership."),
    ]


def test_a_multi_paragraph_quotation_takes_the_speaker_named_at_its_end(cfg):
    text = ('Peter Novak spoke first. Then Anna Keller took the floor.\n\n'
            '"Let me be clear about one thing.\n\n'
            '"Membership was never part of a ceasefire deal," Novak told journalists.')
    assert {actor for actor, _ in found(text, cfg)} == {"Peter Novak"}


def test_quotation_followed_by_a_description_of_the_speaker(cfg):
    text = ("NATO Secretary General Ana Lopes arrived in Vilnius on Monday.\n\n"
            '"The decision of the allies still stands. Nothing has changed," the leader of the Alliance said.')
    assert found(text, cfg) == [("Ana Lopes", "The decision of the allies still stands."),
                                ("Ana Lopes", "Nothing has changed,")]


def test_single_quotation_marks_when_an_article_uses_no_double_marks(cfg):
    text = ("Tomas Berg spoke in Riga. 'We will not wait for ever. The allies' promise must be kept,' Berg said.\n\n"
            "\u2018Kyiv's place is in the alliance,\u2019 said Anna Keller, who called the delay 'premature'.\n\n"
            "Peter Novak said Kyiv would not be 'blackmailed' by anyone. 'We stand together,' he said.")
    assert found(text, cfg) == [("Tomas Berg", "We will not wait for ever."),
                                ("Tomas Berg", "The allies' promise must be kept,"),
                                ("Anna Keller", "Kyiv's place is in the alliance,"),
                                ("Peter Novak", "Kyiv would not be 'blackmailed' by anyone."),
                                ("Peter Novak", "We stand together,")]


def test_scare_quotes_and_unattributed_quotations_are_not_statements(cfg):
    assert found('The plan was described as "irreversible" in the final text.', cfg) == []
    assert found('"This is a long quotation with nobody named as the one who said it."', cfg) == []


def test_quoted_words_inside_reported_speech_stay_in_the_clause(cfg):
    text = 'Tomas Berg said on Monday that the path of Ukraine is "irreversible and fully agreed" by the allies.'
    assert found(text, cfg) == [("Tomas Berg", 'the path of Ukraine is "irreversible and fully agreed" by the allies.')]
