"""Attribution: pronouns, descriptions through titles, canonical names, countries as actors."""
from __future__ import annotations

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.extraction import extract_pairs


@pytest.fixture(scope="module")
def cfg() -> dict:
    return as_dict(compose_config())["extract"]


def actors(text: str, cfg: dict) -> list[str]:
    return [p.actor for p in extract_pairs(text, cfg)]


def test_pronoun_after_two_candidates_follows_gender(cfg):
    text = ("Foreign Minister Anna Keller met Defence Minister Tomas Berg in Riga. "
            "She said that the invitation should come this year. He said that a date was premature.")
    assert actors(text, cfg) == ["Anna Keller", "Tomas Berg"]


def test_pronoun_prefers_the_subject_over_a_name_after_a_preposition(cfg):
    text = "Tomas Berg spoke by phone with Peter Novak on Monday. He said that the talks had been useful."
    assert actors(text, cfg) == ["Tomas Berg"]


def test_pronoun_resolves_to_the_most_recent_compatible_actor(cfg):
    text = ("Tomas Berg opened the meeting. Later Peter Novak arrived from Kyiv. "
            "He told reporters that the delegation had new proposals.")
    assert actors(text, cfg) == ["Peter Novak"]


def test_names_inside_quotations_are_not_antecedents(cfg):
    text = ('"We fully support President Ivan Horak and his government," Tomas Berg said. '
            "He added that more air defence systems would follow.")
    assert actors(text, cfg) == ["Tomas Berg", "Tomas Berg"]


def test_it_refers_to_a_country_or_organisation(cfg):
    text = "Hungary hosted the talks on Tuesday. It said that the text went too far."
    assert actors(text, cfg) == ["Hungary"]


def test_a_title_seen_with_a_name_resolves_descriptions(cfg):
    text = ("NATO Secretary General Ana Lopes arrived in Kyiv with Foreign Minister Tomas Berg. "
            "The Secretary General said that the allies stood by their promise. "
            "The NATO chief also noted that more training missions were planned. "
            "The Secretary General of the Alliance recalled that the summit had removed the action plan.")
    assert actors(text, cfg) == ["Ana Lopes", "Ana Lopes", "Ana Lopes"]


def test_a_description_with_a_country_picks_the_right_holder_of_the_title(cfg):
    text = ("Hungarian Prime Minister Gabor Balogh and Polish Prime Minister Jan Kowal met in Warsaw. "
            "The Hungarian prime minister said that his country would not change its position.")
    assert actors(text, cfg) == ["Gabor Balogh"]


def test_one_canonical_name_per_person_without_titles(cfg):
    text = ("NATO Secretary-General Karl Brandt visited the front line. "
            "Brandt said that the allies would deliver the promised systems. "
            '"We keep our word," Mr Brandt said.')
    assert set(actors(text, cfg)) == {"Karl Brandt"}


def test_particles_belong_to_the_name(cfg):
    text = ('Dutch Prime Minister Eva de Vries spoke first. "The promise of Vilnius must be kept," de Vries said.')
    assert actors(text, cfg) == ["Eva de Vries"]


@pytest.mark.parametrize("subject,actor", [
    ("Washington", "United States"), ("The United States", "United States"), ("The U.S.", "United States"),
    ("Moscow", "Russia"), ("The Kremlin", "Russia"), ("Budapest", "Hungary"),
    ("The Hungarian government", "Hungary"), ("Slovakia's government", "Slovakia"),
])
def test_countries_capitals_and_governments_are_actors(cfg, subject, actor):
    assert actors(f"{subject} has said that an invitation to Kyiv would be premature.", cfg) == [actor]


def test_appositive_and_parenthetical_speakers(cfg):
    assert actors("Its foreign minister, Peter Novak, said that the veto would stay.", cfg) == ["Peter Novak"]
    assert actors("Anna Keller, speaking in Oslo after the meeting, said that the veto would fall.", cfg) == [
        "Anna Keller"]


def test_an_office_speaks_for_its_principal(cfg):
    text = "President Ivan Horak visited Lviv. Horak's office said that the talks had been productive."
    assert actors(text, cfg) == ["Ivan Horak"]


def test_initials_stay_in_the_name(cfg):
    text = "John F. Kellerman said that the alliance would decide in July. Kellerman added that nothing was agreed."
    assert actors(text, cfg) == ["John F. Kellerman", "John F. Kellerman"]


def test_an_unknown_speaker_gives_no_pair(cfg):
    assert actors('"There is no consensus on a date," a senior diplomat said.', cfg) == []
    assert actors("He said that the alliance would wait.", cfg) == []
