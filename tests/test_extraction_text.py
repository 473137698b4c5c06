"""Reading articles (.txt/.md/.html), the offset-preserving normalisation, limits and errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import as_dict, compose_config
from pipeline.extraction import ArticleError, extract_pairs, read_article_text
from pipeline.extraction.lexicon import load_lexicon
from pipeline.extraction.text import normalise

HTML = """<html><head><title>T</title><style>p { color: red; }</style>
<script>document.write("Rutte said that scripts run.");</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Allies meet in Brussels</h1>
<p>NATO Secretary General Ana Lopes said on Monday that the door to the alliance remained open for Ukraine.</p>
<p>\u201cNothing has changed in our position,\u201d she told reporters.</p></article>
<footer>Copyright 2025</footer><script>track("x")</script></body></html>"""


@pytest.fixture(scope="module")
def cfg() -> dict:
    return as_dict(compose_config())["extract"]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_normalise_maps_one_character_to_one():
    text = "\u201cYes,\u201d she said\u00a0\u2014 \u00abnon\u00bb \u2018ok\u2019\u2009now\r\n"
    norm = normalise(text)
    assert len(norm) == len(text)
    assert norm == "\"Yes,\" she said \u2014 \"non\" 'ok' now\n\n"


def test_plain_text_is_returned_as_it_is(tmp_path, cfg):
    text = "Tomas Berg said that the door stays open.\n"
    assert read_article_text(write(tmp_path, "a.txt", "\ufeff" + text), cfg) == text


def test_markdown_loses_its_markup(tmp_path, cfg):
    path = write(tmp_path, "a.md", "# Title\n\n**Tomas Berg** said that the [door](http://x.org) stays open.\n")
    text = read_article_text(path, cfg)
    assert text == "Title\n\nTomas Berg said that the door stays open.\n"
    assert [p.actor for p in extract_pairs(text, cfg)] == ["Tomas Berg"]


def test_html_main_text_without_scripts_styles_or_navigation(tmp_path, cfg):
    text = read_article_text(write(tmp_path, "a.html", HTML), cfg)
    assert "remained open for Ukraine" in text and "Nothing has changed" in text
    assert "scripts run" not in text and "color" not in text and "Home" not in text
    assert [(p.actor, p.kind) for p in extract_pairs(text, cfg)] == [("Ana Lopes", "reported"),
                                                                     ("Ana Lopes", "direct")]


def test_html_with_only_scripts_and_styles_is_an_article_error(tmp_path, cfg):
    path = write(tmp_path, "empty.htm", "<html><head><script>alert(1)</script><style>p{}</style></head></html>")
    with pytest.raises(ArticleError, match="empty.htm"):
        read_article_text(path, cfg)


@pytest.mark.parametrize("name,data,reason", [
    ("bad.txt", b"Rutte said \xff\xfe that", "invalid UTF-8 at byte 11"),
    ("bin.txt", b"\x00\x01\x02binary", "binary"),
    ("blank.txt", b"  \n\n ", "no article text"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
])
def test_unreadable_files_are_article_errors_naming_the_file(tmp_path, cfg, name, data, reason):
    with pytest.raises(ArticleError, match=reason) as err:
        read_article_text(write(tmp_path, name, data), cfg)
    assert name in str(err.value)


def test_missing_file_is_an_article_error(tmp_path, cfg):
    with pytest.raises(ArticleError, match="cannot read"):
        read_article_text(tmp_path / "missing.txt", cfg)


def test_length_cap_is_a_reported_skip_not_a_crash(tmp_path, cfg):
    small = {**cfg, "max_chars": 50}
    long_text = "Tomas Berg said that the door stays open. " * 3
    with pytest.raises(ArticleError, match="max_chars=50"):
        read_article_text(write(tmp_path, "long.txt", long_text), small)
    with pytest.raises(ArticleError, match="max_chars=50"):
        extract_pairs(long_text, small)
    assert extract_pairs(long_text[:40], small) == []


def test_empty_text_has_no_pairs(cfg):
    assert extract_pairs("", cfg) == [] and extract_pairs(" \n\t", cfg) == []


def test_config_values_yaml_reads_as_booleans_are_refused(cfg):
    with pytest.raises(ValueError, match="prepositions"):
        load_lexicon({**cfg, "prepositions": ["in", True]})


def test_the_composed_hydra_config_works_directly(cfg):
    composed = compose_config().extract
    text = "Tomas Berg said that the door stays open."
    assert extract_pairs(text, composed) == extract_pairs(text, cfg)
