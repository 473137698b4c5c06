"""Reported speech outside quotation marks: the reporting verb, its speaker, and the clause that
carries the statement ("said at a meeting in Brussels that ...", "..., X said.", "X stated this")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extraction.document import Document
from pipeline.extraction.lexicon import phrase_key
from pipeline.extraction.mentions import Mention
from pipeline.extraction.subjects import (CONCRETE, WORD_BEFORE, coordinated, sentence_subject, skip_left,
                                          subject_after, subject_before, subjects_left)

_WORD_AFTER = re.compile(r"\s*([\w'-]+)")
_ANY_WORD = re.compile(r"[\w'-]+")


@dataclass
class Attribution:
    """A reporting verb with its speaker(s) and, when there is one, the statement clause."""

    sentence: int
    verb_start: int
    verb_end: int
    cls: str                      # report | directive | participle | source | passive
    subjects: list[Mention]
    subject_start: int            # where the speaker starts (after the verb when inverted)
    clause: tuple[int, int] | None = None
    this_ref: bool = False        # "X stated this": the statement is the previous sentence
    coordinated: bool = False     # "... and said ...": shares the subject of the clause before


def _that_clause(doc: Document, after: int, hi: int, object_first: bool = False) -> int | None:
    """Start of the clause after "that", when only adjuncts (or, with `object_first`, an unknown
    listener) come between the verb and "that" ("said at a meeting in Brussels that ...",
    "told state radio that ...")."""
    lex, prev, count = doc.lex, after, 0
    for match in _ANY_WORD.finditer(doc.norm, after, hi):
        if any(c in doc.norm[prev:match.start()] for c in ',;:"()'):
            return None
        low = match.group().lower()
        if low in lex.complementizers:
            return match.end()
        if not (count or object_first) and low not in lex.prepositions and low not in lex.time_words \
                and low not in lex.between:
            return None
        count += 1
        if low in lex.that_blockers or count > lex.that_window_words:
            return None
        prev = match.end()
    return None


def _after_listener(doc: Document, verb: str, pos: int, hi: int) -> int:
    """Position after the listener of "told reporters / Newsmax / the ministers / Rutte"
    (`pos` itself when there is none)."""
    if verb not in doc.lex.listener_verbs:
        return pos
    start = pos
    while start < hi and doc.norm[start] == " ":
        start += 1
    mention = doc.table.starting_at(start)
    listener = doc.lex.listeners.match(doc.norm, start, hi) or doc.lex.listener_phrase.match(doc.norm, start, hi)
    if mention is not None and mention.kind in CONCRETE:
        return mention.end
    return listener.end() if listener else pos


def _next_word(doc: Document, pos: int, hi: int) -> re.Match | None:
    match = _WORD_AFTER.match(doc.norm, pos, hi)
    return match if match and not doc.norm[pos:match.start(1)].strip() else None


def _is_this_ref(doc: Document, after: int, hi: int) -> bool:
    """ "stated this [today in Brussels]", "said so." rather than "said this is ..."."""
    word = _next_word(doc, after, hi)
    if not word or word.group(1).lower() not in doc.lex.this_words:
        return False
    following = _next_word(doc, word.end(), hi)
    if not following:
        return True
    low = following.group(1).lower()
    return (following.group(1)[0].isupper() or low in doc.lex.prepositions or low in doc.lex.time_words
            or low in doc.lex.between)


def _zero_that_clause(doc: Document, pos: int, hi: int) -> int | None:
    """ "said the door is open", "told reporters the door is open", "said on Thursday he ..."."""
    lex = doc.lex
    word = _next_word(doc, pos, hi)
    while word and (word.group(1).lower() in lex.time_words or word.group(1).lower() in lex.time_prepositions):
        following = _next_word(doc, word.end(), hi)
        if word.group(1).lower() not in lex.time_words and not (following and following.group(1).lower()
                                                                    in lex.time_words):
            return None
        word = following
    if not word:
        return None
    low = word.group(1).lower()
    if low in lex.prepositions or low in lex.time_words or low in lex.between or low in lex.that_blockers:
        return None
    return word.start(1)


def _trailing_clause(doc: Document, sentence_start: int, subject_start: int) -> tuple[int, int] | None:
    """ "<statement>, X said." -> the statement before the comma (not a quotation)."""
    end = subject_start
    while end > sentence_start and doc.norm[end - 1] == " ":
        end -= 1
    if end <= sentence_start or doc.norm[end - 1] != ",":
        return None
    unquoted = sum(1 for m in _ANY_WORD.finditer(doc.norm, sentence_start, end - 1) if not doc.quotation_at(m.start()))
    return (sentence_start, end - 1) if unquoted >= doc.lex.min_clause_words else None


def _clause(doc: Document, attribution: Attribution, sentence_start: int, hi: int) -> None:
    """Fill the attribution's clause (or mark it as pointing at the previous sentence)."""
    lex = doc.lex
    verb = phrase_key(doc.norm[attribution.verb_start:attribution.verb_end])
    after = _after_listener(doc, verb, attribution.verb_end, hi)
    unknown_listener = verb in lex.listener_verbs and after == attribution.verb_end
    start = _that_clause(doc, after, hi, object_first=unknown_listener)
    if start is None and doc.norm[after:hi].lstrip().startswith(":"):
        colon = doc.norm.index(":", after)
        start = None if doc.norm[colon + 1:hi].lstrip().startswith('"') else colon + 1
    if start is None and attribution.cls == "report" and _is_this_ref(doc, after, hi):
        attribution.this_ref = True
        return
    if (start is None and verb in lex.zero_that and attribution.subject_start <= attribution.verb_start
            and not unknown_listener):
        start = _zero_that_clause(doc, after, hi)
    if start is None and attribution.cls == "directive":
        start = after
    if start is not None:
        attribution.clause = (start, hi)
    elif attribution.cls == "report" and not doc.norm[after:hi].lstrip().startswith((":", '"')):
        attribution.clause = _trailing_clause(doc, sentence_start, min(attribution.subject_start,
                                                                       attribution.verb_start))


def _source_clause(doc: Document, attribution: Attribution, sentence_start: int, hi: int) -> None:
    """ "According to X, <statement>." / "<statement>, according to X." """
    if not attribution.subjects:
        return
    subject_end = attribution.subjects[-1].end
    if not doc.norm[sentence_start:attribution.verb_start].strip(" ,"):
        rest = doc.norm[subject_end:hi]
        if rest.lstrip().startswith(","):
            attribution.clause = (subject_end + rest.index(",") + 1, hi)
    else:
        attribution.clause = _trailing_clause(doc, sentence_start, attribution.verb_start)


def _attributions_in(doc: Document, index: int, speech: list[re.Match], passive: list[re.Match]) -> list[Attribution]:
    """Reporting verbs of one sentence with their speakers and clauses."""
    sentence = doc.sentences[index]
    lo, hi = sentence.start, sentence.end
    found: list[Attribution] = []
    for match in speech:
        cls = doc.lex.speech_class[phrase_key(match.group())]
        if doc.quotation_at(match.start()) or (cls != "source" and not match.group()[0].islower()):
            continue
        previous = next((a.subjects for a in reversed(found) if a.subjects), None)
        if cls == "participle":
            adjacent = subjects_left(doc, skip_left(doc, match.start(), lo)[0], lo, promote=True)
            subjects = adjacent or previous or sentence_subject(doc, lo, match.start())
            if not subjects:
                continue
            attribution = Attribution(index, match.start(), match.end(), cls, subjects, match.start())
        elif cls == "source":
            subjects = subject_after(doc, match.end(), hi)
            attribution = Attribution(index, match.start(), match.end(), cls, subjects, match.end())
            _source_clause(doc, attribution, lo, hi)
            found.append(attribution)
            continue
        else:
            subjects = subject_before(doc, match.start(), lo)
            inverted = not subjects and doc.norm[lo:match.start()].rstrip()[-1:] in (",", '"')
            if inverted:
                subjects = subject_after(doc, match.end(), hi)
            joined = not subjects and not inverted and coordinated(doc, match.start(), lo)
            if joined:
                subjects = previous or sentence_subject(doc, lo, match.start())
            if not subjects:
                continue
            start = match.end() if inverted else match.start() if joined else subjects[0].start
            attribution = Attribution(index, match.start(), match.end(), cls, subjects, start, coordinated=joined)
        _clause(doc, attribution, lo, hi)
        found.append(attribution)
    for match in passive:
        subjects = [] if doc.quotation_at(match.start()) else subject_after(doc, match.end(), hi)
        if subjects:
            before = WORD_BEFORE.search(doc.norm, lo, doc.trim(lo, match.start())[1])
            this_ref = bool(before) and before.group().lower() in doc.lex.this_words
            found.append(Attribution(index, match.start(), match.end(), "passive", subjects, match.end(),
                                     this_ref=this_ref))
    return found


def find_attributions(doc: Document) -> list[Attribution]:
    """Attributions of every sentence that is not a headline, in text order."""
    speech, passive = doc.by_sentence(doc.lex.speech), doc.by_sentence(doc.lex.passive)
    found: list[Attribution] = []
    for index, sentence in enumerate(doc.sentences):
        if not sentence.headline:
            found += _attributions_in(doc, index, speech.get(index, []), passive.get(index, []))
    return found


