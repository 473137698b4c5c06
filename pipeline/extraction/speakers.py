"""Who speaks each quotation: the attribution next to it ("...," X said / X said: "..."), or,
for a quotation that opens a sentence with none, the speaker of the statement just before."""
from __future__ import annotations

from pipeline.extraction.attribution import Actor, Resolver, speakers_of
from pipeline.extraction.document import Document
from pipeline.extraction.quotes import Quotation
from pipeline.extraction.reported import Attribution


def _chains(doc: Document) -> list[list[int]]:
    """Quotations grouped where one runs on into the next paragraph without closing."""
    chains: list[list[int]] = []
    for i, quotation in enumerate(doc.quotations):
        prev = doc.quotations[i - 1] if i else None
        sentence = doc.sentence_at(quotation.start)
        runs_on = (prev is not None and not prev.closed and quotation.paragraph == prev.paragraph + 1
                   and sentence is not None and not doc.norm[sentence.start:quotation.start - 1].strip())
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
        sentence = doc.sentence_index(quotation.end - 1)
        for attribution in attributions:
            if (pos in (attribution.subject_start, attribution.verb_start) and attribution.cls != "participle"
                    and attribution.sentence == sentence):
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
        sentence = doc.sentence_at(first.start)
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
