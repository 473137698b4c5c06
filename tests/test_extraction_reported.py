"""Reported speech and reported positions, with the clause that carries the statement."""
from __future__ import annotations

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.extraction import extract_pairs


@pytest.fixture(scope="module")
def cfg() -> dict:
    return as_dict(compose_config())["extract"]


def found(text: str, cfg: dict) -> list[tuple[str, str]]:
    pairs = extract_pairs(text, cfg)
    assert all(text[p.start:p.end] == p.quote for p in pairs)
    return [(p.actor, p.quote) for p in pairs]


@pytest.mark.parametrize("text,quote", [
    ("Tomas Berg said that the alliance would not close its door.", "the alliance would not close its door."),
    ("Tomas Berg told reporters on Monday that the alliance would not close its door.",
     "the alliance would not close its door."),
    ("Tomas Berg said at a meeting of defence ministers in Brussels in February that the alliance would not "
     "close its door.", "the alliance would not close its door."),
    ("Tomas Berg said the alliance would not close its door.", "the alliance would not close its door."),
    ("Tomas Berg told the Baltic Times the alliance would not close its door.",
     "the alliance would not close its door."),
    ("Tomas Berg warned: the alliance would not close its door.", "the alliance would not close its door."),
    ("The alliance would not close its door, Tomas Berg said on Monday.", "The alliance would not close its door"),
    ("The alliance would not close its door, said Tomas Berg.", "The alliance would not close its door"),
    ("According to Tomas Berg, the alliance would not close its door.", "the alliance would not close its door."),
    ("The alliance would not close its door, according to Tomas Berg.", "The alliance would not close its door"),
])
def test_reported_speech_clause(cfg, text, quote):
    assert found(text, cfg) == [("Tomas Berg", quote)]


@pytest.mark.parametrize("verb", ["stated", "stressed", "emphasised", "emphasized", "noted", "recalled", "warned",
                                  "insisted", "asserted", "argued", "added", "acknowledged", "declared"])
def test_reporting_verbs(cfg, verb):
    assert found(f"Anna Keller {verb} that the accession talks should begin this year.", cfg) == [
        ("Anna Keller", "the accession talks should begin this year.")]


def test_statement_sentence_followed_by_stated_this(cfg):
    text = ("The commitment to Ukraine's membership remains valid and the allies are building a bridge to it.\n\n"
            "NATO Secretary General Ana Lopes stated this today in Brussels, an Ukrinform correspondent reports.")
    assert found(text, cfg) == [("Ana Lopes", "The commitment to Ukraine's membership remains valid and the "
                                              "allies are building a bridge to it.")]


def test_statement_sentence_followed_by_passive_this_was_stated_by(cfg):
    text = ("The alliance will keep its promise to Kyiv. This was stated by Foreign Minister Anna Keller "
            "during a visit to Oslo.")
    assert found(text, cfg) == [("Anna Keller", "The alliance will keep its promise to Kyiv.")]


def test_reporters_never_become_actors(cfg):
    text = ("According to the correspondent of Baltic News, the talks lasted four hours. "
            "The ministers met behind closed doors, an Ukrinform correspondent reports.")
    assert found(text, cfg) == []


@pytest.mark.parametrize("text,quote", [
    ("Hungary has been opposed to Ukraine joining the alliance.", "Hungary has been opposed to Ukraine joining the "
                                                                  "alliance."),
    ("Hungary has refused to back the invitation for Kyiv.", "Hungary has refused to back the invitation for Kyiv."),
    ("Hungary has called for a slower accession process.", "Hungary has called for a slower accession process."),
    ("Hungary is firmly against an invitation this year.", "Hungary is firmly against an invitation this year."),
    ("Hungary has repeatedly stated that it will not support the invitation.", "it will not support the invitation."),
])
def test_reported_positions(cfg, text, quote):
    assert found(text, cfg) == [("Hungary", quote)]


def test_a_position_of_listed_allies(cfg):
    text = "Several allies, including Hungary and Slovakia, are against a date for the invitation."
    assert found(text, cfg) == [("Hungary", text), ("Slovakia", text)]


def test_a_sentence_that_lists_the_actors_of_the_previous_one(cfg):
    text = ('"Some allies keep saying that they are against the invitation. Hungary, Slovakia, also a few others. '
            'That is no secret," Tomas Berg said.')
    pairs = extract_pairs(text, cfg)
    position = [(p.actor, p.quote, p.speaker) for p in pairs if p.kind == "position"]
    statement = "Some allies keep saying that they are against the invitation."
    assert position == [("Hungary", statement, "Tomas Berg"), ("Slovakia", statement, "Tomas Berg")]
    assert ("Tomas Berg", statement) not in [(p.actor, p.quote) for p in pairs]  # he reports, it is not his view
    assert "Hungary, Slovakia, also a few others." not in [p.quote for p in pairs]


def test_a_quoted_report_of_listed_allies_is_theirs_not_the_speakers(cfg):
    # the quotation keeps its closing comma, the position does not: the same words all the same
    text = ('"We know that several allies, including Hungary and Slovakia, are against a date for the invitation," '
            'Tomas Berg said. "But the door stays open."')
    pairs = [(p.actor, p.quote, p.speaker) for p in extract_pairs(text, cfg)]
    statement = "We know that several allies, including Hungary and Slovakia, are against a date for the invitation"
    assert pairs == [("Hungary", statement, "Tomas Berg"), ("Slovakia", statement, "Tomas Berg"),
                     ("Tomas Berg", "But the door stays open.", "Tomas Berg")]


def test_an_official_reporting_their_own_countrys_position_keeps_the_statement(cfg):
    # a minister speaks for their own country, so the clause is theirs as well as the country's; a
    # country they hold no office in stays only the reported actor's
    text = ("Latvian Foreign Minister Ilze Berzina said on Monday that Riga would never block the invitation. "
            "Danish Defence Minister Tomas Berg said that Hungary would block it.")
    own, other = "Riga would never block the invitation.", "Hungary would block it."
    pairs = [(p.actor, p.quote, p.speaker) for p in extract_pairs(text, cfg)]
    assert pairs == [("Ilze Berzina", own, "Ilze Berzina"), ("Latvia", own, "Ilze Berzina"),
                     ("Hungary", other, "Tomas Berg")]


def test_two_statements_in_one_sentence_are_cut_apart(cfg):
    text = "Russia has been opposed to the enlargement, and Tomas Berg said that the door would stay open."
    assert found(text, cfg) == [("Russia", "Russia has been opposed to the enlargement"),
                                ("Tomas Berg", "the door would stay open.")]


def test_participles_continue_the_speaker(cfg):
    text = ('Anna Keller stressed that the reforms were on track, adding that the army met the standards. '
            'She reiterated that the path was clear, stating: "No third country has a veto over our decisions."')
    assert found(text, cfg) == [
        ("Anna Keller", "the reforms were on track"),
        ("Anna Keller", "the army met the standards."),
        ("Anna Keller", "the path was clear"),
        ("Anna Keller", "No third country has a veto over our decisions."),
    ]


def test_coordinated_verbs_and_participles_share_the_sentence_subject(cfg):
    text = ("Peter Novak called for a clear timeline and said Warsaw would push for stronger language. "
            "Foreign Minister Anna Keller went further, saying the enlargement was overdue.")
    assert found(text, cfg) == [("Peter Novak", "Peter Novak called for a clear timeline"),
                                ("Peter Novak", "Warsaw would push for stronger language."),
                                ("Anna Keller", "the enlargement was overdue.")]


def test_a_participle_right_after_a_name_belongs_to_that_name(cfg):
    text = "Hungary welcomed the decision, with spokesman Peter Novak saying the veto had worked."
    assert ("Peter Novak", "the veto had worked.") in found(text, cfg)


def test_an_unknown_listener_is_not_taken_for_the_statement(cfg):
    assert found("Tomas Berg told state radio on Friday.", cfg) == []
    assert found("Tomas Berg told state radio that the veto would stay.", cfg) == [
        ("Tomas Berg", "the veto would stay.")]


def test_time_phrase_between_the_verb_and_a_clause_without_that(cfg):
    assert found("Tomas Berg said on Thursday he expected a clear signal from the summit.", cfg) == [
        ("Tomas Berg", "he expected a clear signal from the summit.")]


def test_a_capitalised_pronoun_after_a_quotation_starts_a_new_sentence(cfg):
    text = ('Tomas Berg told lawmakers that "the door remains open, but this is not the moment." '
            "He said the alliance would keep supplying air defence.")
    assert found(text, cfg) == [("Tomas Berg", '"the door remains open, but this is not the moment."'),
                                ("Tomas Berg", "the alliance would keep supplying air defence.")]


def test_headlines_and_navigation_lines_give_no_pairs(cfg):
    text = "Home > World > Berg says alliance door stays open\n\nRead also: Keller warns Moscow over drills"
    assert found(text, cfg) == []
