"""Extraction end to end: analyse the article, find statements, resolve actors, emit pairs."""
from __future__ import annotations

from typing import Mapping

from pipeline.extraction.attribution import Actor, Resolver, speakers_of
from pipeline.extraction.document import Document, analyse
from pipeline.extraction.lexicon import load_lexicon
from pipeline.extraction.positions import Position, find_positions, unit
from pipeline.extraction.reported import Attribution, find_attributions
from pipeline.extraction.speakers import quotation_speakers
from pipeline.extraction.types import ArticleError, ExtractedPair


class _Statements:
    """The article's analysis and the pairs found so far; `result` de-duplicates and orders them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.attributions: list[Attribution] = find_attributions(doc)
        self.positions: list[Position] = find_positions(doc)
        self.resolver = Resolver(doc)
        self.speakers = quotation_speakers(doc, self.attributions, self.resolver)
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

    def speaker_at(self, pos: int) -> Actor | None:
        """Who utters the text at `pos`: a quotation's speaker or the speaker of a reported clause."""
        quotation = self.doc.quotation_at(pos)
        actors = self.speakers[self.doc.quotations.index(quotation)] if quotation else ()
        if actors:
            return actors[0]
        for attribution in self.attributions:
            if attribution.clause and attribution.clause[0] <= pos < attribution.clause[1]:
                actors = speakers_of(attribution, self.resolver)
                if actors:
                    return actors[0]
        return None

    def result(self) -> list[ExtractedPair]:
        """Pairs in text order; a position already stated by the same actor is dropped, and so is the
        reporter's own pair for the very words in which they report other actors' positions (the
        position belongs to those actors, ANNOTATION.md), whatever punctuation ends either span, unless the
        reporter holds an office of the country whose position it is ("Polish President X said Warsaw would
        never block ...": X speaks for Poland, so the statement is X's as well)."""
        stated = [p for p in self.pairs if p.kind != "position"]
        offices = {(b.actor, b.country) for b in self.doc.table.bindings if b.country}
        reports = {(p.speaker, self.doc.word_span(p.start, p.end)) for p in self.pairs
                   if p.kind == "position" and p.speaker != p.actor and (p.speaker, p.actor) not in offices}
        out, seen = [], set()
        for pair in sorted(self.pairs, key=lambda p: (p.start, p.end, p.actor, p.kind)):
            key = (pair.actor, pair.start, pair.end)
            if key in seen or (pair.actor, self.doc.word_span(pair.start, pair.end)) in reports or (
                    pair.kind == "position" and any(
                    s.actor == pair.actor and s.start < pair.end and pair.start < s.end for s in stated)):
                continue
            seen.add(key)
            out.append(pair)
        return out


def _finish_clause(out: _Statements, span: tuple[int, int], sentence: int) -> tuple[int, int]:
    """Cut a clause where the next statement of its sentence begins (", and Trump said",
    "; its minister, X, said", ", stating, "...""), and keep the closing mark of a quotation
    that ends it."""
    doc = out.doc
    start, end = span
    for other in out.attributions:
        if other.sentence != sentence or not start < other.verb_start < end:
            continue
        if other.cls == "participle" or other.coordinated:
            connector = doc.lex.connector_end.search(doc.norm, start, other.verb_start)
            end = connector.start() if connector else end
        else:
            breaks = list(doc.lex.clause_break.finditer(doc.norm, start, min(other.subject_start, other.verb_start)))
            end = breaks[-1].start() if breaks else end
    for quotation, actors in zip(doc.quotations, out.speakers):
        if actors and start < quotation.start - 1 < end:
            end = quotation.start - 1
    inside = doc.quotation_at(end - 1)
    if inside and inside.end == end and end < len(doc.norm) and doc.norm[end] == '"':
        end += 1
    return doc.trim(start, end)


def _direct(out: _Statements) -> None:
    """One pair per sentence of every attributed quotation (list sentences are not statements)."""
    doc = out.doc
    list_units = {unit(doc, p.sentence) for p in out.positions if p.listed}
    for quotation, actors in zip(doc.quotations, out.speakers):
        index = max(doc.sentence_index(quotation.start), 0)
        while actors and index < len(doc.sentences) and doc.sentences[index].start < quotation.end:
            sentence = doc.sentences[index]
            span = doc.trim(max(sentence.start, quotation.start), min(sentence.end, quotation.end), chars=" ")
            if span[0] < span[1] and span not in list_units:
                for actor in actors:
                    out.add(actor, span, "direct")
            index += 1


def _reported(out: _Statements) -> None:
    """Reported clauses, then "X stated this" pointing at the previous sentence."""
    doc = out.doc
    for attribution in out.attributions:
        actors = speakers_of(attribution, out.resolver)
        if actors and attribution.clause:
            clause = _finish_clause(out, attribution.clause, attribution.sentence)
            if doc.words(*clause) >= doc.lex.min_clause_words:
                for actor in actors:
                    out.add(actor, clause, "reported")
    for attribution in (a for a in out.attributions if a.this_ref):
        previous = attribution.sentence - 1
        while previous >= 0 and doc.sentences[previous].headline:
            previous -= 1
        span = (doc.sentences[previous].start, doc.sentences[previous].end) if previous >= 0 else None
        if span and not out.covers(span):
            for actor in speakers_of(attribution, out.resolver):
                out.add(actor, span, "reported")


def _positions(out: _Statements) -> None:
    """Reported positions; the speaker is whoever reports them (a quotation's or clause's speaker)."""
    for position in out.positions:
        span = position.span
        if not position.listed and not out.doc.quotation_at(span[0]):
            span = _finish_clause(out, span, position.sentence)
        speaker = out.speaker_at(span[0])
        for subject in position.subjects:
            actor = out.resolver.actor(subject)
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
    out = _Statements(analyse(text, lex))
    _direct(out)
    _reported(out)
    _positions(out)
    return out.result()
