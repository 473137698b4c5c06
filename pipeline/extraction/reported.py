"""Reported speech and reported positions outside quotation marks: the verb, its subject, and
the clause that carries the statement."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extraction.document import Document
from pipeline.extraction.lexicon import phrase_key
from pipeline.extraction.mentions import Mention

_WORD_BEFORE = re.compile(r"[\w'-]+$")
_WORD_AFTER = re.compile(r"\s*([\w'-]+)")
_ANY_WORD = re.compile(r"[\w'-]+")
CONCRETE = ("person", "country", "org")


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


@dataclass
class Position:
    """A reported position ("Hungary has refused to back ...") or an actor listed as holding one."""

    sentence: int
    subjects: list[Mention]
    span: tuple[int, int]         # the statement
    listed: bool = False          # from a list sentence ("Hungary, Slovakia, the U.S.")


@dataclass
class Found:
    """Everything found outside quotation units, before actors are resolved."""

    attributions: list[Attribution] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    list_units: set[tuple[int, int]] = field(default_factory=set)   # list sentences: not statements


def _skip_left(doc: Document, pos: int, lo: int) -> tuple[int, int]:
    """Move left over auxiliaries, adverbs and time phrases; the new end and auxiliaries seen."""
    norm, lex, aux = doc.norm, doc.lex, 0
    while True:
        end = pos
        while end > lo and norm[end - 1] == " ":
            end -= 1
        match = _WORD_BEFORE.search(norm, lo, end)
        if not match:
            return end, aux
        word = match.group()
        low = word.lower()
        if low in lex.between or (word.islower() and low.endswith(lex.adverb_endings) and len(low) > 4):
            aux += low in lex.auxiliaries
            pos = match.start()
            continue
        if low in lex.time_words:
            prev = _WORD_BEFORE.search(norm, lo, match.start() - 1) if match.start() > lo else None
            if prev and prev.group().lower() in lex.time_prepositions:
                pos = prev.start()
                continue
        return end, aux


def _mention_ending(doc: Document, end: int, lo: int, promote: bool) -> Mention | None:
    mention = doc.table.ending_at(end)
    if mention is None and promote and end in doc.table.weak and doc.table.weak[end].start >= lo:
        mention = doc.table.weak[end]
        doc.table.promote(mention)
    return mention if mention and mention.start >= lo else None


def _subjects_left(doc: Document, end: int, lo: int, promote: bool) -> list[Mention]:
    """The mention ending at `end`, or the list of mentions ("Hungary, Slovakia and the U.S.")
    when the whole list opens a clause or follows "including"."""
    filler = doc.lex.list_fillers.search(doc.norm, lo, end)
    if filler:
        end = doc.trim(lo, filler.start())[1]
    subjects: list[Mention] = []
    while (mention := _mention_ending(doc, end, lo, promote)) is not None:
        subjects.insert(0, mention)
        sep = doc.lex.list_sep.search(doc.norm, lo, mention.start)
        if not sep:
            break
        end = sep.start()
    if len(subjects) > 1 and not (_clause_boundary(doc, lo, subjects[0].start)
                                  or doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start)):
        return subjects[-1:]
    return subjects


def _subject_before(doc: Document, verb_start: int, lo: int) -> list[Mention]:
    """Speaker left of the verb, also across a parenthetical ("Zelensky, addressing ..., urged"),
    as an appositive ("its foreign minister, Gabor Kertesz, said") or through an office
    ("Zelensky's office said")."""
    end, _ = _skip_left(doc, verb_start, lo)
    subjects = _subjects_left(doc, end, lo, promote=True)
    office = None if subjects else doc.lex.offices.search(doc.norm, lo, end)
    if office:
        return _subjects_left(doc, office.start(), lo, promote=True)[-1:]
    if subjects or end <= lo or doc.norm[end - 1] != ",":
        return subjects
    appositive = _subjects_left(doc, doc.trim(lo, end - 1)[1], lo, promote=True)
    comma = doc.norm.rfind(",", lo, end - 1)
    if comma < 0 or doc.words(comma, end) > doc.lex.parenthetical_words or '"' in doc.norm[comma:end]:
        return appositive
    return _subjects_left(doc, doc.trim(lo, comma)[1], lo, promote=True) or appositive


def _subject_after(doc: Document, pos: int, hi: int) -> list[Mention]:
    """Speaker right after `pos` ("said Rutte", "according to Hungary's government")."""
    while pos < hi and doc.norm[pos] == " ":
        pos += 1
    mention = doc.table.starting_at(pos)
    if mention is None:
        mention = next((w for w in doc.table.weak.values() if w.start == pos), None)
        if mention is not None:
            doc.table.promote(mention)
    return [mention] if mention and mention.end <= hi else []


def _that_clause(doc: Document, after: int, hi: int) -> int | None:
    """Start of the clause after "that", when only adjuncts come between the verb and "that"
    ("said at a meeting in Brussels in February that ...")."""
    lex, prev, count = doc.lex, after, 0
    for match in _ANY_WORD.finditer(doc.norm, after, hi):
        if any(c in doc.norm[prev:match.start()] for c in ',;:"()'):
            return None
        low = match.group().lower()
        if low in lex.complementizers:
            return match.end()
        if not count and low not in lex.prepositions and low not in lex.time_words and low not in lex.between:
            return None
        count += 1
        if low in lex.that_blockers or count > lex.that_window_words:
            return None
        prev = match.end()
    return None


def _after_listener(doc: Document, verb: str, pos: int, hi: int) -> int:
    """Position after the listener of "told reporters / Newsmax / the ministers / Rutte"."""
    if verb not in doc.lex.listener_verbs:
        return pos
    while pos < hi and doc.norm[pos] == " ":
        pos += 1
    mention = doc.table.starting_at(pos)
    listener = doc.lex.listeners.match(doc.norm, pos, hi) or doc.lex.listener_phrase.match(doc.norm, pos, hi)
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
    start = _that_clause(doc, after, hi)
    if start is None and doc.norm[after:hi].lstrip().startswith(":"):
        colon = doc.norm.index(":", after)
        start = None if doc.norm[colon + 1:hi].lstrip().startswith('"') else colon + 1
    if start is None and attribution.cls == "report" and _is_this_ref(doc, after, hi):
        attribution.this_ref = True
        return
    if start is None and verb in lex.zero_that and attribution.subject_start < attribution.verb_start:
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
    sentence = doc.sentences[index]
    lo, hi = sentence.start, sentence.end
    found: list[Attribution] = []
    for match in speech:
        cls = doc.lex.speech_class[phrase_key(match.group())]
        if doc.quotation_at(match.start()) or (cls != "source" and not match.group()[0].islower()):
            continue
        if cls == "participle":
            previous = next((a for a in reversed(found) if a.subjects), None)
            if previous is None:
                continue
            attribution = Attribution(index, match.start(), match.end(), cls, previous.subjects, match.start())
        elif cls == "source":
            subjects = _subject_after(doc, match.end(), hi)
            attribution = Attribution(index, match.start(), match.end(), cls, subjects, match.end())
            _source_clause(doc, attribution, lo, hi)
            found.append(attribution)
            continue
        else:
            subjects = _subject_before(doc, match.start(), lo)
            inverted = not subjects and doc.norm[lo:match.start()].rstrip()[-1:] in (",", '"')
            if inverted:
                subjects = _subject_after(doc, match.end(), hi)
            if not subjects:
                continue
            start = match.end() if inverted else subjects[0].start
            attribution = Attribution(index, match.start(), match.end(), cls, subjects, start)
        _clause(doc, attribution, lo, hi)
        found.append(attribution)
    for match in passive:
        subjects = _subject_after(doc, match.end(), hi)
        before = _WORD_BEFORE.search(doc.norm, lo, doc.trim(lo, match.start())[1])
        if subjects and not doc.quotation_at(match.start()):
            this_ref = bool(before) and before.group().lower() in doc.lex.this_words
            found.append(Attribution(index, match.start(), match.end(), "passive", subjects, match.end(),
                                     this_ref=this_ref))
    return found


def _clause_boundary(doc: Document, lo: int, start: int) -> bool:
    """True when a subject at `start` opens a clause (sentence start, punctuation, "that", "and")."""
    before = doc.norm[lo:start].rstrip()
    if not before or before[-1] in ",;:(":
        return True
    word = _WORD_BEFORE.search(before)
    return bool(word) and word.group().lower() in doc.lex.clause_openers


def _positions_in(doc: Document, index: int, phrases: list[re.Match]) -> list[Position]:
    sentence = doc.sentences[index]
    found = []
    for match in phrases:
        if not match.group()[0].islower():
            continue
        quotation = doc.quotation_at(match.start())
        lo = max(sentence.start, quotation.start) if quotation else sentence.start
        hi = min(sentence.end, quotation.end) if quotation else sentence.end
        end, aux = _skip_left(doc, match.start(), lo)
        if phrase_key(match.group()) in doc.lex.position_needs_aux and not aux:
            continue
        subjects = _subjects_left(doc, end, lo, promote=quotation is None)
        if not subjects and doc.norm[end - 1:end] == ",":
            subjects = _subjects_left(doc, doc.trim(lo, end - 1)[1], lo, promote=False)
            if subjects and not doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start):
                continue
        allowed = CONCRETE if quotation else CONCRETE + ("description", "pronoun")
        if not subjects or any(s.kind not in allowed for s in subjects):
            continue
        group = doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start)
        if not group and not _clause_boundary(doc, lo, subjects[0].start):
            continue
        start = lo if group or quotation else subjects[0].start
        found.append(Position(index, subjects, (start, hi)))
    return found


def _unit(doc: Document, index: int) -> tuple[int, int]:
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
    start, end = _unit(doc, index)
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
    prev = _unit(doc, index - 1)
    text = doc.norm[prev[0]:prev[1]]
    if not doc.lex.group_nouns.search(text) or not (doc.lex.positions.search(text) or doc.lex.speech.search(text)):
        return None
    return Position(index, listed, prev, listed=True)


def _by_sentence(doc: Document, pattern: re.Pattern) -> dict[int, list[re.Match]]:
    """Matches of `pattern` grouped by the sentence that holds them whole."""
    grouped: dict[int, list[re.Match]] = {}
    for match in pattern.finditer(doc.norm):
        index = doc.sentence_index(match.start())
        if index >= 0 and match.end() <= doc.sentences[index].end:
            grouped.setdefault(index, []).append(match)
    return grouped


def find_reported(doc: Document) -> Found:
    """Attributions, positions and list positions of every sentence that is not a headline."""
    found = Found()
    speech, passive = _by_sentence(doc, doc.lex.speech), _by_sentence(doc, doc.lex.passive)
    positions = _by_sentence(doc, doc.lex.positions)
    for index, sentence in enumerate(doc.sentences):
        if sentence.headline:
            continue
        found.attributions += _attributions_in(doc, index, speech.get(index, []), passive.get(index, []))
        found.positions += _positions_in(doc, index, positions.get(index, []))
        listed = _list_position(doc, index)
        if listed:
            found.positions.append(listed)
            found.list_units.add(_unit(doc, index))
    return found
