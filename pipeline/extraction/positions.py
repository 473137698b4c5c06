"""Reported positions ("Hungary has refused to back ...", "several allies, including Hungary,
are against ...") and sentences that only list the actors of the previous one."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extraction.document import Document
from pipeline.extraction.lexicon import phrase_key
from pipeline.extraction.mentions import Mention
from pipeline.extraction.subjects import CONCRETE, opens_clause, skip_left, subjects_left

_ANY_WORD = re.compile(r"[\w'-]+")


@dataclass
class Position:
    """Actors holding the position stated in `span`."""

    sentence: int
    subjects: list[Mention]
    span: tuple[int, int]
    listed: bool = False          # from a list sentence ("Hungary, Slovakia, the U.S.")


def _positions_in(doc: Document, index: int, phrases: list[re.Match]) -> list[Position]:
    """Position phrases of one sentence with the actors in front of them; inside a quotation only
    named actors count (the speaker reports them), the quotation's sentence is the statement."""
    sentence = doc.sentences[index]
    found = []
    for match in phrases:
        if not match.group()[0].islower():
            continue
        quotation = doc.quotation_at(match.start())
        lo = max(sentence.start, quotation.start) if quotation else sentence.start
        hi = min(sentence.end, quotation.end) if quotation else sentence.end
        end, aux = skip_left(doc, match.start(), lo)
        if phrase_key(match.group()) in doc.lex.position_needs_aux and not aux:
            continue
        subjects = subjects_left(doc, end, lo, promote=quotation is None)
        if not subjects and doc.norm[end - 1:end] == ",":
            subjects = subjects_left(doc, doc.trim(lo, end - 1)[1], lo, promote=False)
            if subjects and not doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start):
                continue
        allowed = CONCRETE if quotation else CONCRETE + ("description", "pronoun")
        if not subjects or any(s.kind not in allowed for s in subjects):
            continue
        group = doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start)
        if not group and not opens_clause(doc, lo, subjects[0].start):
            continue
        start = lo if group or quotation else subjects[0].start
        found.append(Position(index, subjects, (start, hi)))
    return found


def unit(doc: Document, index: int) -> tuple[int, int]:
    """A sentence, or its part inside the quotation that covers its middle."""
    sentence = doc.sentences[index]
    quotation = doc.quotation_at((sentence.start + sentence.end) // 2)
    if quotation:
        return doc.trim(max(sentence.start, quotation.start), min(sentence.end, quotation.end), chars=" ")
    return sentence.start, sentence.end


def _list_position(doc: Document, index: int) -> Position | None:
    """ "... allies saying ... but we are against it. Hungary, Slovakia, the U.S." : a sentence
    that only lists actors, after a sentence about the position of a group."""
    if index == 0 or doc.sentences[index - 1].headline:
        return None
    start, end = unit(doc, index)
    listed = [m for m in doc.table.mentions if start <= m.start and m.end <= end]
    if not listed or any(m.kind not in CONCRETE for m in listed):
        return None
    if any(not doc.lex.list_gap.fullmatch(doc.norm, a.end, b.start) for a, b in zip(listed, listed[1:])):
        return None
    others = [w for w in _ANY_WORD.finditer(doc.norm, start, end)
              if not listed[0].start <= w.start() < listed[-1].end
              and w.group().lower() not in doc.lex.list_sentence_ignored]
    if len(others) > doc.lex.list_sentence_max_other_words or (len(listed) == 1 and others):
        return None
    prev = unit(doc, index - 1)
    text = doc.norm[prev[0]:prev[1]]
    if not doc.lex.group_nouns.search(text) or not (doc.lex.positions.search(text) or doc.lex.speech.search(text)):
        return None
    return Position(index, listed, prev, listed=True)


def find_positions(doc: Document) -> list[Position]:
    """Positions of every sentence that is not a headline, list sentences included."""
    phrases = doc.by_sentence(doc.lex.positions)
    found: list[Position] = []
    for index, sentence in enumerate(doc.sentences):
        if not sentence.headline:
            found += _positions_in(doc, index, phrases.get(index, []))
            listed = _list_position(doc, index)
            found += [listed] if listed else []
    return found
