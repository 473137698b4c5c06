"""Extraction end to end: analyse the article, find statements, resolve actors, emit pairs."""
from __future__ import annotations

from typing import Mapping

from pipeline.extraction.attribution import Actor, Resolver, quotation_speakers, speakers_of
from pipeline.extraction.document import Document, analyse
from pipeline.extraction.lexicon import load_lexicon
from pipeline.extraction.reported import Attribution, Found, find_reported
from pipeline.extraction.types import ArticleError, ExtractedPair


class _Statements:
    """Pairs as they are found; `result` de-duplicates and orders them."""

    def __init__(self, doc: Document, speakers: list[tuple[Actor, ...]]) -> None:
        self.doc = doc
        self.speakers = speakers
        self.pairs: list[ExtractedPair] = []

    def add(self, actor: Actor, span: tuple[int, int], kind: str, speaker: Actor | None = None) -> None:
        """A pair for `span` (quotations keep their closing comma; clauses lose dangling commas)."""
        start, end = self.doc.trim(*span, chars=" ") if kind == "direct" else self.doc.trim(*span)
        if self.doc.words(start, end):
            self.pairs.append(ExtractedPair(actor.name, self.doc.text[start:end], start, end,
                                            (speaker or actor).name, kind))

    def covers(self, span: tuple[int, int]) -> bool:
        """Whether some pair already overlaps `span`."""
        return any(p.start < span[1] and span[0] < p.end for p in self.pairs)

    def result(self) -> list[ExtractedPair]:
        stated = [p for p in self.pairs if p.kind != "position"]
        out, seen = [], set()
        for pair in sorted(self.pairs, key=lambda p: (p.start, p.end, p.actor, p.kind)):
            key = (pair.actor, pair.start, pair.end)
            if key in seen or (pair.kind == "position" and any(
                    s.actor == pair.actor and s.start < pair.end and pair.start < s.end for s in stated)):
                continue
            seen.add(key)
            out.append(pair)
        return out


def _finish_clause(doc: Document, span: tuple[int, int], sentence: int, attributions: list[Attribution],
                   speakers: list[tuple[Actor, ...]]) -> tuple[int, int]:
    """Cut a clause where the next statement of its sentence begins (", and Trump said",
    "; its minister, X, said", ", stating, "...""), and keep the closing mark of a quotation
    that ends it."""
    start, end = span
    for other in attributions:
        if other.sentence != sentence or not start < other.verb_start < end:
            continue
        if other.cls == "participle":
            connector = doc.lex.connector_end.search(doc.norm, start, other.verb_start)
            end = connector.start() if connector else end
        else:
            breaks = list(doc.lex.clause_break.finditer(doc.norm, start, min(other.subject_start, other.verb_start)))
            end = breaks[-1].start() if breaks else end
    for quotation, actors in zip(doc.quotations, speakers):
        if actors and start < quotation.start - 1 < end:
            end = quotation.start - 1
    inside = doc.quotation_at(end - 1)
    if inside and inside.end == end and end < len(doc.norm) and doc.norm[end] == '"':
        end += 1
    return doc.trim(start, end)


def _speaker_at(doc: Document, pos: int, found: Found, resolver: Resolver,
                speakers: list[tuple[Actor, ...]]) -> Actor | None:
    """Who utters the text at `pos`: a quotation's speaker or the speaker of a reported clause."""
    quotation = doc.quotation_at(pos)
    if quotation:
        actors = speakers[doc.quotations.index(quotation)]
        if actors:
            return actors[0]
    for attribution in found.attributions:
        if attribution.clause and attribution.clause[0] <= pos < attribution.clause[1]:
            actors = speakers_of(attribution, resolver)
            if actors:
                return actors[0]
    return None


def _direct(doc: Document, found: Found, out: _Statements) -> None:
    """One pair per sentence of every attributed quotation."""
    for quotation, actors in zip(doc.quotations, out.speakers):
        if not actors:
            continue
        index = max(doc.sentence_index(quotation.start), 0)
        while index < len(doc.sentences) and doc.sentences[index].start < quotation.end:
            sentence = doc.sentences[index]
            unit = doc.trim(max(sentence.start, quotation.start), min(sentence.end, quotation.end), chars=" ")
            if unit[0] < unit[1] and unit not in found.list_units:
                for actor in actors:
                    out.add(actor, unit, "direct")
            index += 1


def _reported(doc: Document, found: Found, resolver: Resolver, out: _Statements) -> None:
    """Reported clauses, then "X stated this" pointing at the previous sentence."""
    for attribution in found.attributions:
        actors = speakers_of(attribution, resolver)
        if not actors or not attribution.clause:
            continue
        clause = _finish_clause(doc, attribution.clause, attribution.sentence, found.attributions, out.speakers)
        if doc.words(*clause) >= doc.lex.min_clause_words:
            for actor in actors:
                out.add(actor, clause, "reported")
    for attribution in found.attributions:
        actors = speakers_of(attribution, resolver)
        previous = attribution.sentence - 1
        while previous >= 0 and doc.sentences[previous].headline:
            previous -= 1
        if not attribution.this_ref or not actors or previous < 0:
            continue
        span = (doc.sentences[previous].start, doc.sentences[previous].end)
        if not out.covers(span):
            for actor in actors:
                out.add(actor, span, "reported")


def _positions(doc: Document, found: Found, resolver: Resolver, out: _Statements) -> None:
    """Reported positions; the speaker is whoever reports them (a quotation's or clause's speaker)."""
    for position in found.positions:
        span = position.span
        if not position.listed and not doc.quotation_at(span[0]):
            span = _finish_clause(doc, span, position.sentence, found.attributions, out.speakers)
        speaker = _speaker_at(doc, span[0], found, resolver, out.speakers)
        for subject in position.subjects:
            actor = resolver.actor(subject)
            if actor:
                out.add(actor, span, "position", speaker)


def extract_pairs(text: str, extract_cfg: Mapping) -> list[ExtractedPair]:
    """Actor-quote pairs of an article, in text order; `quote == text[start:end]` for each.
    Raises ArticleError for text longer than the configured `max_chars`."""
    lex = load_lexicon(extract_cfg)
    if len(text) > lex.max_chars:
        raise ArticleError(f"article of {len(text)} characters is longer than max_chars={lex.max_chars}")
    if not text.strip():
        return []
    doc = analyse(text, lex)
    found = find_reported(doc)
    resolver = Resolver(doc)
    out = _Statements(doc, quotation_speakers(doc, found.attributions, resolver))
    _direct(doc, found, out)
    _reported(doc, found, resolver, out)
    _positions(doc, found, resolver, out)
    return out.result()
