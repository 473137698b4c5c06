"""Paragraphs (lines) and sentences (pysbd), as offsets into the normalised text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd
from pysbd.lang.english import English

from pipeline.extraction.lexicon import Lexicon

_TERMINAL = ".!?\"')\u2026"
# A full stop after a lowercase word of four or more letters, before a capital: a boundary pysbd
# takes too, unless the word is one of its abbreviations ("Sept.", "Prof."). Cutting there first
# keeps pysbd's input short (its cost grows with the text it is given).
_PLAIN_STOP = re.compile(r"(?<![\w.])([a-z]{4,})[.!?](?=\s+[A-Z])")
_ABBREVIATIONS = frozenset(a.lower() for a in English.Abbreviation.ABBREVIATIONS)
_BOUNDARY = re.compile(r"[.!?\u2026]['\")\]]*\s+['\"(\[]*[^\W_a-z]")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span, its paragraph, and whether that paragraph is a headline line."""

    start: int
    end: int
    paragraph: int
    headline: bool


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def paragraphs(norm: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, without their surrounding spaces."""
    spans, pos = [], 0
    for line in norm.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def _chunks(masked: str) -> list[tuple[int, int]]:
    """The paragraph cut at plain full stops (see `_PLAIN_STOP`)."""
    cuts = [m.end() for m in _PLAIN_STOP.finditer(masked) if m.group(1) not in _ABBREVIATIONS]
    return list(zip([0, *cuts], [*cuts, len(masked)]))


def _sentence_spans(para: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (quotation marks hidden so quoted sentences split too;
    pysbd runs on the pieces where a sentence boundary is still possible)."""
    masked = para.replace('"', " ")
    spans = []
    for start, end in _chunks(masked):
        piece = masked[start:end]
        inner = _pysbd_spans(piece) if _BOUNDARY.search(piece) else [(0, len(piece))]
        spans += [(start + s + len(piece[s:e]) - len(piece[s:e].lstrip()), start + s + len(piece[s:e].rstrip()))
                  for s, e in inner if piece[s:e].strip()]
    return spans


def _pysbd_spans(masked: str) -> list[tuple[int, int]]:
    """pysbd's sentences of `masked`, located by offset."""
    spans, cursor = [], 0
    for piece in _segmenter().segment(masked):
        piece = piece.strip()
        at = masked.find(piece, cursor) if piece else -1
        if at < 0:
            continue
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    rest = masked[cursor:]
    if rest.strip():
        start = cursor + len(rest) - len(rest.lstrip())
        spans.append((start, cursor + len(rest.rstrip())))
    return spans


def split_sentences(norm: str, lex: Lexicon) -> list[Sentence]:
    """All sentences of the text in order; headline lines are kept but marked."""
    sentences = []
    for index, (start, end) in enumerate(paragraphs(norm)):
        para = norm[start:end]
        headline = para[-1] not in _TERMINAL and len(para.split()) <= lex.headline_max_words
        sentences += [Sentence(start + s, start + e, index, headline) for s, e in _sentence_spans(para)]
    return sentences
