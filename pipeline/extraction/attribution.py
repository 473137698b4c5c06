"""Resolve mentions to actors: names to their canonical form, descriptions through the roles
seen attached to names, pronouns to the most recent compatible actor."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extraction.document import Document
from pipeline.extraction.mentions import Binding, Mention
from pipeline.extraction.quotes import Quotation
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


def _chains(doc: Document) -> list[list[int]]:
    """Quotations grouped where one runs on into the next paragraph without closing."""
    chains: list[list[int]] = []
    for i, quotation in enumerate(doc.quotations):
        prev = doc.quotations[i - 1] if i else None
        runs_on = (prev is not None and not prev.closed and quotation.paragraph == prev.paragraph + 1
                   and not doc.norm[doc.sentences[doc.sentence_index(quotation.start)].start:quotation.start - 1].strip())
        if runs_on:
            chains[-1].append(i)
        else:
            chains.append([i])
    return chains


def _adjacent(doc: Document, quotation: Quotation, attributions: list[Attribution]) -> Attribution | None:
    """ "<quote>," X said / said X  -- or --  X said: "<quote>" / stating, "<quote>"."""
    norm = doc.norm
    if quotation.closed:
        pos = quotation.end + 1
        while pos < len(norm) and norm[pos] in " ,;:\u2013\u2014-":
            pos += 1
        for attribution in attributions:
            if pos in (attribution.subject_start, attribution.verb_start) and attribution.cls != "participle":
                return attribution
    pos = quotation.start - 1
    while pos > 0 and norm[pos - 1] == " ":
        pos -= 1
    if pos == 0 or norm[pos - 1] not in ":,":
        return None
    sentence = doc.sentence_index(pos - 1)
    before = [a for a in attributions if a.sentence == sentence and a.verb_end < pos and a.subjects]
    if not before:
        return None
    last = before[-1]
    between = doc.words(last.verb_end, pos - 1)
    return last if norm[pos - 1] == ":" or between == 0 else None


def quotation_speakers(doc: Document, attributions: list[Attribution], resolver: Resolver) -> list[tuple[Actor, ...]]:
    """Speakers of every quotation (empty for quotations that are part of a reported clause, too
    short, or in a headline). A quotation with no attribution of its own that opens a sentence
    continues the speaker of the latest statement in the same or the previous paragraph."""
    speakers: list[tuple[Actor, ...]] = [()] * len(doc.quotations)
    events = [(a.verb_start, doc.sentences[a.sentence].paragraph, speakers_of(a, resolver))
              for a in attributions if a.cls != "participle"]
    for chain in _chains(doc):
        first = doc.quotations[chain[0]]
        sentence = doc.sentences[doc.sentence_index(first.start)] if doc.sentence_index(first.start) >= 0 else None
        if sentence is None or sentence.headline:
            continue
        if sum(doc.words(doc.quotations[i].start, doc.quotations[i].end) for i in chain) < doc.lex.min_quote_words:
            continue
        actors: tuple[Actor, ...] = ()
        for i in chain:
            adjacent = _adjacent(doc, doc.quotations[i], attributions)
            if adjacent:
                actors = speakers_of(adjacent, resolver)
                break
        opens_sentence = not doc.norm[sentence.start:first.start - 1].strip()
        if not actors and opens_sentence:
            earlier = [e for e in events if e[0] < first.start and e[1] >= first.paragraph - 1 and e[2]]
            actors = max(earlier, key=lambda e: e[0])[2] if earlier else ()
        for i in chain:
            speakers[i] = actors
        if actors:
            events.append((doc.quotations[chain[-1]].end, doc.quotations[chain[-1]].paragraph, actors))
    return speakers
