"""Direct quotations: pair opening and closing marks paragraph by paragraph."""
from __future__ import annotations

from dataclasses import dataclass

OPENING = "\u201c\u201e\u201f\u00ab\u301d"
CLOSING = "\u201d\u00bb\u301e"
_OPEN_BEFORE = " ([{\u2014\u2013-/:"


@dataclass(frozen=True)
class Quotation:
    """Quoted text between its marks; a quotation left open runs to the end of its paragraph."""

    start: int      # first character after the opening mark
    end: int        # the closing mark (exclusive end of the quoted text)
    paragraph: int
    closed: bool


def _may_open(norm: str, i: int, lo: int, hi: int) -> bool:
    """A straight mark opens after a space, bracket or dash and before a non-space."""
    before = norm[i - 1] if i > lo else " "
    after = norm[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()


def _marks(norm: str, mark: str, lo: int, hi: int):
    """Positions of `mark` in `norm[lo:hi]`."""
    i = norm.find(mark, lo, hi)
    while i >= 0:
        yield i
        i = norm.find(mark, i + 1, hi)


def _quotations_in(text: str, norm: str, lo: int, hi: int, paragraph: int) -> list[Quotation]:
    """Quotations of one paragraph `[lo, hi)`; `text` gives the original mark shapes."""
    found, open_at = [], -1
    for i in _marks(norm, '"', lo, hi):
        mark = text[i]
        if open_at < 0:
            if mark in OPENING or (mark not in CLOSING and _may_open(norm, i, lo, hi)):
                open_at = i
            continue
        opened_with = text[open_at]
        fresh_opener = (mark in OPENING and not (opened_with == "\u201e" and mark == "\u201c")
                        and _may_open(norm, i, lo, hi) and opened_with in OPENING)
        if fresh_opener:
            open_at = i
            continue
        if i > open_at + 1:
            found.append(Quotation(open_at + 1, i, paragraph, True))
        open_at = -1
    if open_at >= 0 and not norm[lo:open_at].strip() and open_at + 1 < hi:
        found.append(Quotation(open_at + 1, hi, paragraph, False))
    return found


def _single_closes(norm: str, i: int, hi: int) -> bool:
    """A single mark closes after sentence punctuation, or after a word when punctuation or the
    paragraph end follows or the word does not end in -s ("...to Kyiv,' she said", "'blackmailed'
    by", but not the plural possessive "the allies' decision")."""
    before = norm[i - 1]
    after = norm[i + 1] if i + 1 < hi else ""
    if after and not (after.isspace() or after in ",.;:!?)—–-"):
        return False
    return before in ",.!?" or (before.isalnum() and (not after or after in ",.;:!?" or before.lower() != "s"))


def single_quote_marks(norm: str, paragraph_spans: list[tuple[int, int]]) -> list[int]:
    """Positions of single quotation marks used as quotation marks (British style: 'We will not
    wait,' she said), told apart from apostrophes by what surrounds them."""
    marks: list[int] = []
    for lo, hi in paragraph_spans:
        open_at = -1
        for i in _marks(norm, "'", lo, hi):
            if open_at < 0:
                if _may_open(norm, i, lo, hi) and norm[i + 1:i + 2].isalnum():
                    open_at = i
            elif _single_closes(norm, i, hi):
                marks += [open_at, i]
                open_at = -1
        if open_at >= 0 and not norm[lo:open_at].strip():
            marks.append(open_at)
    return marks


def find_quotations(text: str, norm: str, paragraph_spans: list[tuple[int, int]]) -> list[Quotation]:
    """All quotations in text order. An opening mark at the start of a paragraph that is never
    closed there is the usual multi-paragraph quotation: it runs to the paragraph's end."""
    found: list[Quotation] = []
    for index, (lo, hi) in enumerate(paragraph_spans):
        found += _quotations_in(text, norm, lo, hi, index)
    return found
