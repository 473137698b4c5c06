"""One article prepared for extraction: normalised text, sentences, quotations, mentions."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.extraction.lexicon import Lexicon
from pipeline.extraction.mentions import MentionTable, find_mentions
from pipeline.extraction.quotes import Quotation, find_quotations, single_quote_marks
from pipeline.extraction.segment import Sentence, paragraphs, split_sentences
from pipeline.extraction.text import normalise

_WORD = re.compile(r"\w+")


@dataclass
class Document:
    """The analysed article and the position lookups the extraction steps share."""

    text: str
    norm: str
    lex: Lexicon
    sentences: list[Sentence]
    quotations: list[Quotation]
    table: MentionTable
    _sentence_starts: list[int] = field(default_factory=list)
    _quote_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self._quote_starts = [q.start for q in self.quotations]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence that starts at or before `pos` (-1 before the first)."""
        return bisect_right(self._sentence_starts, pos) - 1

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence that starts at or before `pos` (None before the first)."""
        index = self.sentence_index(pos)
        return self.sentences[index] if index >= 0 else None

    def quotation_at(self, pos: int) -> Quotation | None:
        """The quotation whose quoted text contains `pos`."""
        i = bisect_right(self._quote_starts, pos) - 1
        if i >= 0 and self.quotations[i].start <= pos < self.quotations[i].end:
            return self.quotations[i]
        return None

    def by_sentence(self, pattern: re.Pattern) -> dict[int, list[re.Match]]:
        """Matches of `pattern` grouped by the sentence that holds them whole."""
        grouped: dict[int, list[re.Match]] = {}
        for match in pattern.finditer(self.norm):
            index = self.sentence_index(match.start())
            if index >= 0 and match.end() <= self.sentences[index].end:
                grouped.setdefault(index, []).append(match)
        return grouped

    def words(self, start: int, end: int) -> int:
        """Number of words in `norm[start:end]`."""
        return len(_WORD.findall(self.norm, start, end))

    def word_span(self, start: int, end: int) -> tuple[int, int]:
        """From the first word's start to the last word's end in `norm[start:end]`: two spans with the same
        word span hold the same words, whatever punctuation or quotation marks surround them."""
        found = [m.span() for m in _WORD.finditer(self.norm, start, end)]
        return (found[0][0], found[-1][1]) if found else (start, start)

    def trim(self, start: int, end: int, chars: str = " ,;:\u2013\u2014-") -> tuple[int, int]:
        """The span without leading/trailing spaces and dangling punctuation."""
        while start < end and self.norm[start] in chars:
            start += 1
        while end > start and self.norm[end - 1] in chars:
            end -= 1
        return start, end


def analyse(text: str, lex: Lexicon) -> Document:
    """Normalise, segment, find quotations and mentions. A text without double quotation marks
    may quote with single marks: those found are treated as double marks from here on."""
    norm = normalise(text)
    spans = paragraphs(norm)
    if '"' not in norm:
        chars = list(norm)
        for i in single_quote_marks(norm, spans):
            chars[i] = '"'
        norm = "".join(chars)
    return Document(text, norm, lex, split_sentences(norm, lex), find_quotations(text, norm, spans),
                    find_mentions(norm, lex))
