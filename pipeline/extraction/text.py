"""Read article files into text, and the one-for-one normalisation the extractor works on."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import trafilatura

from pipeline.extraction.lexicon import load_lexicon
from pipeline.extraction.types import ArticleError

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")

# Each character maps to exactly one character, so offsets into the normalised text are
# offsets into the original.
_TABLE = str.maketrans({
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\uff02"},
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"},
    **{c: " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
       "\u200b\u202f\u205f\u3000\ufeff\x0b\x0c"},
    **{c: "\n" for c in "\r\u2028\u2029\x85"},
})

_MARKDOWN = [
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),           # images
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),       # links keep their text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M), ""),      # heading marks
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),           # block quote marks
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), ""),           # list bullets
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),   # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
]


def normalise(text: str) -> str:
    """Typographic quotes, apostrophes and unusual spaces as ASCII, character for character."""
    return text.translate(_TABLE)


def strip_markdown(text: str) -> str:
    """Markdown article text without heading, emphasis, link and list markup."""
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return text


def html_main_text(html: str) -> str:
    """Main text of an HTML page (trafilatura parses it as data; scripts are never run)."""
    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


def read_article_text(path: Path, extract_cfg: Mapping) -> str:
    """The article text of a `.txt`/`.md`/`.html`/`.htm` file; ArticleError names the file otherwise."""
    path = Path(path)
    lex = load_lexicon(extract_cfg)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise ArticleError(f"{path}: unsupported file type {suffix or '(none)'}")
    try:
        size = path.stat().st_size
        if size > lex.max_file_bytes:
            raise ArticleError(f"{path}: file of {size} bytes is over the limit of {lex.max_file_bytes}")
        raw = path.read_bytes()
    except OSError as err:
        raise ArticleError(f"{path}: cannot read ({err.strerror or err})") from None
    if b"\x00" in raw:
        raise ArticleError(f"{path}: binary file (contains NUL bytes), not an article")
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(f"{path}: invalid UTF-8 at byte {err.start} ({err.reason})") from None
    if suffix in HTML_SUFFIXES:
        text = html_main_text(decoded)
    elif suffix == ".md":
        text = strip_markdown(decoded)
    else:
        text = decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        where = " (no main text in the page)" if suffix in HTML_SUFFIXES else ""
        raise ArticleError(f"{path}: no article text{where}")
    if len(text) > lex.max_chars:
        raise ArticleError(f"{path}: article of {len(text)} characters is longer than max_chars={lex.max_chars}")
    return text
