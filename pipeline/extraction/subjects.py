"""Who a verb or a position phrase belongs to: the mention (or list of mentions) next to it."""
from __future__ import annotations

import re

from pipeline.extraction.document import Document
from pipeline.extraction.mentions import Mention

WORD_BEFORE = re.compile(r"[\w'-]+$")
CONCRETE = ("person", "country", "org")


def skip_left(doc: Document, pos: int, lo: int) -> tuple[int, int]:
    """Move left over auxiliaries, adverbs and time phrases ("has repeatedly", "on Wednesday");
    the new end and the number of auxiliaries passed."""
    norm, lex, aux = doc.norm, doc.lex, 0
    while True:
        end = pos
        while end > lo and norm[end - 1] == " ":
            end -= 1
        match = WORD_BEFORE.search(norm, lo, end)
        if not match:
            return end, aux
        word = match.group()
        low = word.lower()
        if low in lex.between or (word.islower() and low.endswith(lex.adverb_endings) and len(low) > 4):
            aux += low in lex.auxiliaries
            pos = match.start()
            continue
        if low in lex.time_words:
            prev = WORD_BEFORE.search(norm, lo, match.start() - 1) if match.start() > lo else None
            if prev and prev.group().lower() in lex.time_prepositions:
                pos = prev.start()
                continue
        return end, aux


def opens_clause(doc: Document, lo: int, start: int) -> bool:
    """True when a subject at `start` opens a clause (sentence start, punctuation, "that", "and")."""
    before = doc.norm[lo:start].rstrip()
    if not before or before[-1] in ",;:(.!?":
        return True
    word = WORD_BEFORE.search(before)
    return bool(word) and word.group().lower() in doc.lex.clause_openers


def _mention_ending(doc: Document, end: int, lo: int, promote: bool) -> Mention | None:
    """The mention ending at `end`; with `promote`, also a lone unknown name (then a person)."""
    mention = doc.table.ending_at(end)
    if mention is None and promote and end in doc.table.weak and doc.table.weak[end].start >= lo:
        mention = doc.table.weak[end]
        doc.table.promote(mention)
    return mention if mention and mention.start >= lo else None


def subjects_left(doc: Document, end: int, lo: int, promote: bool) -> list[Mention]:
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
    if len(subjects) > 1 and not (opens_clause(doc, lo, subjects[0].start)
                                  or doc.lex.list_introducers.search(doc.norm, lo, subjects[0].start)):
        return subjects[-1:]
    return subjects


def subject_before(doc: Document, verb_start: int, lo: int) -> list[Mention]:
    """Speaker left of the verb, also across a parenthetical ("Zelensky, addressing ..., urged"),
    as an appositive ("its foreign minister, Gabor Kertesz, said") or through an office
    ("Zelensky's office said")."""
    end, _ = skip_left(doc, verb_start, lo)
    subjects = subjects_left(doc, end, lo, promote=True)
    office = None if subjects else doc.lex.offices.search(doc.norm, lo, end)
    if office:
        return subjects_left(doc, office.start(), lo, promote=True)[-1:]
    if subjects or end <= lo or doc.norm[end - 1] != ",":
        return subjects
    appositive = subjects_left(doc, doc.trim(lo, end - 1)[1], lo, promote=True)
    comma = doc.norm.rfind(",", lo, end - 1)
    if comma < 0 or doc.words(comma, end) > doc.lex.parenthetical_words or '"' in doc.norm[comma:end]:
        return appositive
    return subjects_left(doc, doc.trim(lo, comma)[1], lo, promote=True) or appositive


def sentence_subject(doc: Document, lo: int, hi: int) -> list[Mention]:
    """The actor that opens the sentence `[lo, hi)` ("Lavrov went further, saying ...")."""
    while lo < hi and doc.norm[lo] in " \"":
        lo += 1
    mention = doc.table.starting_at(lo)
    return [mention] if mention and mention.kind in CONCRETE + ("description", "pronoun") else []


def coordinated(doc: Document, verb_start: int, lo: int) -> bool:
    """Whether the verb follows a conjunction ("called for a timeline and said ...")."""
    end, _ = skip_left(doc, verb_start, lo)
    word = WORD_BEFORE.search(doc.norm, lo, end)
    return bool(word) and word.group().lower() in doc.lex.list_conjunctions


def subject_after(doc: Document, pos: int, hi: int) -> list[Mention]:
    """Speaker right after `pos` ("said Rutte", "according to Hungary's government")."""
    while pos < hi and doc.norm[pos] == " ":
        pos += 1
    mention = doc.table.starting_at(pos)
    if mention is None:
        mention = next((w for w in doc.table.weak.values() if w.start == pos), None)
        if mention is not None:
            doc.table.promote(mention)
    return [mention] if mention and mention.end <= hi else []
