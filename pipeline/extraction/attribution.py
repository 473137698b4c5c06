"""Resolve mentions to actors: names to their canonical form, descriptions through the roles
seen attached to names, pronouns to the most recent compatible actor; speakers of attributions."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extraction.document import Document
from pipeline.extraction.mentions import Binding, Mention
from pipeline.extraction.reported import Attribution

_LAST_WORD = re.compile(r"([\w'-]+)\W*$")


@dataclass(frozen=True)
class Actor:
    """A resolved actor."""

    name: str
    kind: str       # person | country | org
    gender: str = ""


@dataclass(frozen=True)
class _Seen:
    pos: int
    sentence: int
    actor: Actor
    oblique: bool


def _compatible_place(bound: str, wanted: str) -> bool:
    return not wanted or not bound or bound == wanted


class Resolver:
    """Walks the mentions outside quotations and headlines in text order, resolving each one
    against those before it (quoted words never become antecedents)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.actors: dict[int, Actor | None] = {}
        self._seen: list[_Seen] = []
        for mention in doc.table.mentions:
            sentence = doc.sentence_index(mention.start)
            if doc.quotation_at(mention.start) or sentence < 0 or doc.sentences[sentence].headline:
                continue
            actor = self._resolve(mention, sentence)
            self.actors[mention.start] = actor
            if actor:
                self._seen.append(_Seen(mention.start, sentence, actor, self._oblique(mention, sentence)))

    def actor(self, mention: Mention) -> Actor | None:
        """The actor of a mention (names inside quotations resolve to themselves)."""
        if mention.start in self.actors:
            return self.actors[mention.start]
        return self._named(mention)

    def _oblique(self, mention: Mention, sentence: int) -> bool:
        """A mention right after a preposition ("with Zelensky") is a weaker antecedent."""
        match = _LAST_WORD.search(self.doc.norm, self.doc.sentences[sentence].start, mention.start)
        return bool(match) and match.group(1).lower() in self.doc.lex.prepositions

    def _named(self, mention: Mention) -> Actor | None:
        if mention.kind == "person":
            return Actor(mention.actor, "person", self.doc.table.genders.get(mention.actor, mention.gender))
        if mention.kind in ("country", "org"):
            return Actor(mention.actor, mention.kind)
        return None

    def _resolve(self, mention: Mention, sentence: int) -> Actor | None:
        if mention.kind == "description":
            return self._by_role(mention, sentence)
        if mention.kind == "pronoun":
            return self._antecedent(mention, sentence)
        return self._named(mention)

    def _person(self, name: str) -> Actor:
        return Actor(name, "person", self.doc.table.genders.get(name, ""))

    def _by_role(self, mention: Mention, sentence: int) -> Actor | None:
        """The person last seen with the description's role; else the first seen with it later;
        else a name that follows in the same sentence ("the NATO chief, Mark Rutte")."""
        bound = [b for b in self.doc.table.bindings
                 if b.role in mention.roles and _compatible_place(b.country, mention.country)]
        before: list[Binding] = [b for b in bound if b.pos < mention.start]
        if before:
            return self._person(before[-1].actor)
        if bound:
            return self._person(bound[0].actor)
        end = self.doc.sentences[sentence].end
        for other in self.doc.table.mentions:
            if mention.end <= other.start < end and other.kind == "person":
                return self._person(other.actor)
        return None

    def _antecedent(self, mention: Mention, sentence: int) -> Actor | None:
        """Most recent compatible actor within the window: subjects before names after a
        preposition, and a known matching gender before an unknown one."""
        wanted = mention.roles[0] if mention.roles else ""
        window = [s for s in self._seen if s.pos < mention.start
                  and s.sentence >= sentence - self.doc.lex.antecedent_sentences]

        def fits(seen: _Seen, gender: str) -> bool:
            if wanted == "person":
                return seen.actor.kind == "person" and seen.actor.gender == gender
            return seen.actor.kind in ("country", "org")

        genders = (mention.gender, "") if mention.gender else ("m", "f", "")
        for allow_oblique in (False, True):
            for gender in genders:
                for seen in reversed(window):
                    if fits(seen, gender) and (allow_oblique or not seen.oblique):
                        return seen.actor
        return None


def speakers_of(attribution: Attribution, resolver: Resolver) -> tuple[Actor, ...]:
    """The resolved, distinct speakers of an attribution (reporters and unknowns dropped)."""
    actors: list[Actor] = []
    for subject in attribution.subjects:
        actor = resolver.actor(subject)
        if actor and actor not in actors:
            actors.append(actor)
    return tuple(actors)
