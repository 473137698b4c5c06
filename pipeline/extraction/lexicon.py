"""Compile the `extract` config (word lists, aliases, limits) into regexes and lookup tables once."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase without accents: the key for comparing names ("Orbán" == "orban")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


NEVER = r"(?!x)x"   # a regex that matches nothing (an empty word list)


def phrase_regex(phrases: Iterable[str], ignore_case: bool = True, at_end: bool = False) -> re.Pattern:
    """Whole-word alternation of `phrases`, longest first; spaces match any run of spaces.
    With `at_end`, the phrase must end the searched text (trailing spaces and a comma allowed)."""
    tail = r"\s*,?\s*$" if at_end else r"(?![\w])"
    return re.compile(rf"(?<![\w.])(?:{_alt(phrases)}){tail}", re.IGNORECASE if ignore_case else 0)


def phrase_key(text: str) -> str:
    """Lookup key of a matched phrase: lowercase, single spaces."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor looks up, compiled from one `extract` config."""

    max_chars: int
    max_file_bytes: int
    min_quote_words: int
    min_clause_words: int
    headline_max_words: int
    antecedent_sentences: int
    that_window_words: int
    parenthetical_words: int
    speech: re.Pattern              # reporting verbs, directives, participles, source phrases
    speech_class: dict[str, str]    # phrase -> report | directive | participle | source
    zero_that: frozenset[str]
    listeners: re.Pattern
    listener_verbs: frozenset[str]  # verbs whose object is the listener ("told Rutte the ...")
    passive: re.Pattern             # "was stated by"
    offices: re.Pattern             # "'s office" / "'s spokesman" right before a verb
    this_words: frozenset[str]
    complementizers: frozenset[str]
    clause_openers: frozenset[str]
    time_prepositions: frozenset[str]
    adverb_endings: tuple[str, ...]
    list_conjunctions: frozenset[str]
    list_sep: re.Pattern            # ", " / " and " / ", and " ending the searched text
    list_gap: re.Pattern            # the same, as a whole gap between two listed actors
    listener_phrase: re.Pattern     # "the Baltic Times", "the ministers" after "told"
    pronoun_words: re.Pattern
    positions: re.Pattern
    position_needs_aux: frozenset[str]
    auxiliaries: frozenset[str]
    between: frozenset[str]
    group_nouns: re.Pattern
    list_introducers: re.Pattern    # anchored at the end: "... allies, including"
    list_fillers: re.Pattern        # anchored at the end: "..., and some others,"
    list_sentence_max_other_words: int
    list_sentence_ignored: frozenset[str]
    that_blockers: frozenset[str]
    connector_end: re.Pattern       # text ending in ", " / ", and " before a participle (", adding")
    clause_break: re.Pattern        # ", and " / ", while " / "; " between two clauses
    prepositions: frozenset[str]
    time_words: frozenset[str]
    aliases: re.Pattern             # country / organisation aliases, case-sensitive
    alias_actor: dict[str, tuple[str, str]]  # alias as written -> (canonical, "country"|"org")
    alias_lower: dict[str, tuple[str, str]]
    articles: frozenset[str]
    demonyms: dict[str, str]        # lowercase demonym -> country
    government: re.Pattern          # "the Hungarian government", "Hungary's foreign ministry"
    titles: dict[tuple[str, ...], tuple[str, ...]]  # lowercase title tokens -> roles
    max_title_tokens: int
    descriptions: re.Pattern        # "the [modifier] [country] TITLE|DESCRIPTION [of the X]"
    description_roles: dict[str, tuple[str, ...]]
    title_gender: dict[str, str]
    reporters: re.Pattern
    reporter_nouns: frozenset[str]
    pronouns: dict[str, tuple[str, str]]    # word -> (type, gender)
    people: dict[str, tuple[str, str]]      # folded variant -> (canonical, gender)
    people_surnames: dict[str, tuple[str, str]]
    first_names: dict[str, str]             # folded first name -> gender
    female_first_endings: tuple[str, ...]
    female_surname_endings: tuple[str, ...]
    non_name: frozenset[str]
    organisation_heads: frozenset[str]
    name_joiners: frozenset[str]
    name_particles: frozenset[str]
    name_tokens: re.Pattern         # words that may belong to a name: capitalised, particles, joiners

    def name_gender(self, name: list[str]) -> str:
        """ "m", "f" or "" for a person's name, from first-name lists and name endings."""
        first, last = fold(name[0]), fold(name[-1])
        if len(name) > 1 and first in self.first_names:
            return self.first_names[first]
        if len(name) > 1 and self.female_first_endings and first.endswith(self.female_first_endings):
            return "f"
        if self.female_surname_endings and last.endswith(self.female_surname_endings):
            return "f"
        return ""

    def actor_aliases(self) -> dict[str, list[str]]:
        """Canonical actor -> every alias (countries, organisations, people), for the scorer."""
        out: dict[str, list[str]] = {}
        for alias, (canonical, _) in self.alias_actor.items():
            out.setdefault(canonical, []).append(alias)
        for variant, (canonical, _) in self.people.items():
            out.setdefault(canonical, []).append(variant)
        return out


def _words(cfg: Mapping, key: str) -> list[str]:
    """A list entry of the config; every item must be text (YAML reads bare on/no/yes as booleans)."""
    words = list(cfg.get(key) or [])
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise ValueError(f"extract config '{key}': entries {bad} are not text; quote them in the YAML")
    return words


def _roles(value: Any) -> tuple[str, ...]:
    """A title's roles: one string, a list, or "" for a title with no role (Mr, former)."""
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value or ())


def _plain(value: Any) -> Any:
    """Plain dicts and lists for a nested config (an OmegaConf one included)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value


_COMPILED: dict[str, Lexicon] = {}


def load_lexicon(extract_cfg: Mapping) -> Lexicon:
    """The compiled lexicon of `extract_cfg`, cached on its contents (their repr: cheap for dicts
    and OmegaConf configs alike)."""
    key = repr(extract_cfg)
    if key not in _COMPILED:
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        _COMPILED[key] = _compile(_plain(extract_cfg))
    return _COMPILED[key]


def _alt(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first; spaces match any run of spaces."""
    parts = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts) or NEVER


def _lower(cfg: Mapping, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _words(cfg, key))


def _speech(cfg: Mapping) -> dict[str, Any]:
    """Reporting verbs, positions and the words around them."""
    speech_class = {phrase_key(p): cls for key, cls in (("reporting_verbs", "report"), ("directive_verbs", "directive"),
                                                       ("participles", "participle"), ("source_phrases", "source"))
                    for p in _words(cfg, key)}
    direct_positions = {phrase_key(p) for p in _words(cfg, "position_phrases")}
    connectors, conjunctions = _alt(_words(cfg, "clause_connectors")), _alt(_words(cfg, "list_conjunctions"))
    return dict(
        speech=phrase_regex(speech_class), speech_class=speech_class,
        zero_that=frozenset(phrase_key(v) for v in _words(cfg, "zero_that_verbs")),
        listeners=phrase_regex(_words(cfg, "listeners")),
        listener_verbs=frozenset(phrase_key(v) for v in _words(cfg, "listener_verbs")),
        listener_phrase=re.compile(rf"(?:(?:{_alt(_words(cfg, 'articles'))})\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*"
                                   rf"|(?i:{_alt(_words(cfg, 'determiners'))})\s+[\w-]+"),
        offices=re.compile(rf"'s\s+(?:{_alt(_words(cfg, 'speaker_offices'))})$", re.IGNORECASE),
        passive=re.compile(rf"(?<![\w])(?:{_alt(_words(cfg, 'passive_auxiliaries'))})\s+"
                           rf"(?:{_alt(_words(cfg, 'reporting_verbs'))})\s+"
                           rf"(?:{_alt(_words(cfg, 'passive_by'))})(?![\w])", re.IGNORECASE),
        this_words=_lower(cfg, "this_words"), complementizers=_lower(cfg, "complementizers"),
        clause_openers=_lower(cfg, "clause_openers"), time_prepositions=_lower(cfg, "time_prepositions"),
        adverb_endings=tuple(_lower(cfg, "adverb_endings")),
        list_conjunctions=_lower(cfg, "list_conjunctions"),
        list_sep=re.compile(rf"(?:,\s*(?:(?:{conjunctions})\s+)?|\s+(?:{conjunctions})\s+)$"),
        list_gap=re.compile(rf"\s*(?:,\s*(?:(?:{conjunctions})\s+)?|\s(?:{conjunctions})\s+)\s*"),
        positions=phrase_regex(_words(cfg, "position_phrases") + _words(cfg, "position_phrases_after_auxiliary")),
        position_needs_aux=frozenset(phrase_key(p) for p in _words(cfg, "position_phrases_after_auxiliary")
                                     if phrase_key(p) not in direct_positions),
        auxiliaries=_lower(cfg, "auxiliaries"), between=_lower(cfg, "between_words"),
        group_nouns=phrase_regex(_words(cfg, "group_nouns")),
        list_introducers=phrase_regex(_words(cfg, "list_introducers"), at_end=True),
        list_fillers=phrase_regex(_words(cfg, "list_fillers"), at_end=True),
        list_sentence_max_other_words=int(cfg.get("list_sentence_max_other_words", 4)),
        list_sentence_ignored=_lower(cfg, "list_sentence_ignored_words"),
        that_blockers=_lower(cfg, "that_blockers"),
        connector_end=re.compile(rf"(?:[,;]\s*(?:(?:{connectors})\s+)?|\s+(?:{connectors})\s+)$", re.IGNORECASE),
        clause_break=re.compile(rf"(?:,\s*(?:{connectors})\s+|;\s*)", re.IGNORECASE),
        prepositions=_lower(cfg, "prepositions"), time_words=_lower(cfg, "time_words"),
    )


def _people(cfg: Mapping) -> dict[str, Any]:
    """The gazetteer of people, gender cues and what a name may (not) contain."""
    people: dict[str, tuple[str, str]] = {}
    surnames: dict[str, tuple[str, str]] = {}
    for canonical, entry in (cfg.get("people") or {}).items():
        gender = str((entry or {}).get("gender") or "")
        for variant in [canonical, *((entry or {}).get("aliases") or [])]:
            people[fold(str(variant))] = (str(canonical), gender)
            if len(str(variant).split()) == 1:
                surnames[fold(str(variant))] = (str(canonical), gender)
        surnames.setdefault(fold(str(canonical).split()[-1]), (str(canonical), gender))
    first_names = {fold(n): "f" for n in _words(cfg, "female_first_names")}
    first_names.update({fold(n): "m" for n in _words(cfg, "male_first_names")})
    return dict(
        people=people, people_surnames=surnames, first_names=first_names,
        female_first_endings=tuple(fold(e) for e in _words(cfg, "female_first_name_endings")),
        female_surname_endings=tuple(fold(e) for e in _words(cfg, "female_surname_endings")),
        non_name=_lower(cfg, "non_name_words"), organisation_heads=_lower(cfg, "organisation_heads"),
        name_joiners=_lower(cfg, "name_joiners"), name_particles=_lower(cfg, "name_particles"),
        name_tokens=re.compile(r"(?<![\w'.-])(?:[^\W\d_a-z][\w'\-]*(?:\.[^\W\d_][\w'\-]*)*|(?:"
                               + _alt(_words(cfg, "name_particles") + _words(cfg, "name_joiners")) + r")(?![\w'-]))"),
    )


def _actors(cfg: Mapping) -> dict[str, Any]:
    """Countries and organisations, titles and descriptions, pronouns and reporters."""
    alias_actor = {str(alias): (str(canonical), kind)
                   for section, kind in (("countries", "country"), ("organisations", "org"))
                   for canonical, aliases in (cfg.get(section) or {}).items() for alias in [canonical, *aliases]}
    demonyms = {str(k).lower(): str(v) for k, v in (cfg.get("demonyms") or {}).items()}
    titles = {tuple(str(t).lower().split()): _roles(r) for t, r in (cfg.get("titles") or {}).items()}
    roles = {phrase_key(str(t)): _roles(r) for t, r in (cfg.get("titles") or {}).items() if _roles(r)}
    roles.update({phrase_key(str(d)): _roles(r) for d, r in (cfg.get("descriptions") or {}).items()})
    place = _alt([*alias_actor, *(cfg.get("demonyms") or {})])
    articles, joiners = _alt(_words(cfg, "articles")), _alt(_words(cfg, "name_joiners"))
    pronouns = {str(k).lower(): (str(v.get("type", "")), str(v.get("gender") or ""))
                for k, v in (cfg.get("pronouns") or {}).items()}
    return dict(
        aliases=phrase_regex(alias_actor, ignore_case=False), alias_actor=alias_actor,
        alias_lower={a.lower(): v for a, v in alias_actor.items()}, articles=_lower(cfg, "articles"),
        demonyms=demonyms, titles=titles, max_title_tokens=max((len(t) for t in titles), default=1),
        description_roles=roles,
        descriptions=re.compile(
            rf"(?<![\w.])(?:(?:{articles})\s+(?:(?:{_alt(_words(cfg, 'description_modifiers'))})\s+)?"
            rf"(?:(?P<place>{place})(?:'s)?\s+)?|(?P<owner>{place})'s\s+)(?P<role>{_alt(roles)})"
            rf"(?:(?:\s+(?:{joiners}))+\s+(?P<of>{place}))?(?![\w])", re.IGNORECASE),
        government=re.compile(rf"(?<![\w.])(?:(?i:{articles})\s+(?P<dem>{place})|(?P<poss>{place})'s)\s+"
                              rf"(?i:{_alt(_words(cfg, 'government_nouns'))})(?![\w])"),
        title_gender={str(k).lower(): str(v) for k, v in (cfg.get("title_gender") or {}).items()},
        reporters=re.compile(rf"(?<![\w])(?:(?i:{_alt(_words(cfg, 'determiners'))})\s+)?(?:[A-Z][\w-]*\s+){{0,2}}"
                             rf"(?i:{_alt(_words(cfg, 'reporter_nouns'))})(?:\s+(?:{_alt(_words(cfg, 'prepositions'))})"
                             rf"\s+(?:(?:{articles})\s+)?[A-Z][\w-]*)?(?![\w])"),
        reporter_nouns=_lower(cfg, "reporter_nouns"),
        pronouns=pronouns,
        pronoun_words=re.compile(rf"(?<![\w'])(?i:{_alt(pronouns)})(?![\w'])"),
    )


def _compile(cfg: Mapping) -> Lexicon:
    """The lexicon of a plain `extract` config."""
    return Lexicon(
        max_chars=int(cfg["max_chars"]),
        max_file_bytes=int(cfg.get("max_file_bytes") or 0) or 50 * int(cfg["max_chars"]),
        min_quote_words=int(cfg.get("min_quote_words", 3)),
        min_clause_words=int(cfg.get("min_clause_words", 3)),
        headline_max_words=int(cfg.get("headline_max_words", 25)),
        antecedent_sentences=int(cfg.get("antecedent_sentences", 6)),
        that_window_words=int(cfg.get("that_window_words", 20)),
        parenthetical_words=int(cfg.get("parenthetical_words", 15)),
        **_speech(cfg), **_people(cfg), **_actors(cfg),
    )
