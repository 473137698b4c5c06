"""Turn the predict script's input (a file, a folder, or JSON Lines) into articles and given pairs.

Nothing is dropped silently: every file or line that cannot be used becomes a skip with its reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from pipeline.errors import PipelineError
from pipeline.extraction import ArticleError, read_article_text
from pipeline.io import parse_json_line

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class Inputs:
    """Articles to extract from, pairs given as they are, and what was skipped (with reasons)."""

    articles: list[dict] = field(default_factory=list)   # {"article_id", "text", "source"}
    pairs: list[dict] = field(default_factory=list)      # given actor-quote pairs, input order
    skipped: list[dict] = field(default_factory=list)    # {"source", "reason"}
    read: int = 0                                        # articles + pair rows + skipped items seen


def load_inputs(path: Path, extract_cfg: Mapping, target: str) -> Inputs:
    """Read a `.txt`/`.md`/`.html` article, a folder of them, or a `.jsonl` file."""
    path = Path(path)
    if not path.exists():
        raise PipelineError(f"{path}: input path does not exist")
    inputs = Inputs()
    files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")) if path.is_dir() else [path]
    for file in files:
        if file.suffix.lower() == ".jsonl":
            _read_jsonl(file, extract_cfg, target, inputs)
        elif file.suffix.lower() in ARTICLE_SUFFIXES:
            inputs.read += 1
            try:
                inputs.articles.append({"article_id": file.stem, "text": read_article_text(file, extract_cfg),
                                        "source": str(file)})
            except ArticleError as err:
                inputs.skipped.append({"source": str(file), "reason": str(err)})
        else:
            inputs.read += 1
            inputs.skipped.append({"source": str(file), "reason": f"{file}: unsupported file type "
                                   f"(expected {', '.join(ARTICLE_SUFFIXES)} or .jsonl)"})
    return inputs


def _read_jsonl(file: Path, extract_cfg: Mapping, target: str, inputs: Inputs) -> None:
    """Each line is an article (`text`) or a given pair (`actor` + `quote`); bad lines are skips."""
    with open(file, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            inputs.read += 1
            where = f"{file}:{number}"
            try:
                kind, item = _parse_line(raw, where, extract_cfg, target)
            except (PipelineError, ArticleError) as err:
                inputs.skipped.append({"source": where, "reason": str(err)})
                continue
            (inputs.articles if kind == "article" else inputs.pairs).append(item)


def _parse_line(raw: bytes, where: str, extract_cfg: Mapping, target: str) -> tuple[str, dict]:
    """Classify and check one JSONL line."""
    row = parse_json_line(raw, where)
    if not isinstance(row, dict):
        raise PipelineError(f"{where}: expected a JSON object, got {type(row).__name__}")
    if isinstance(row.get("actor"), str) and isinstance(row.get("quote"), str):
        if not row["quote"].strip() or not row["actor"].strip():
            raise PipelineError(f"{where}: empty actor or quote")
        row_target = row.get("target", target)
        if not isinstance(row_target, str) or not row_target.strip():
            raise PipelineError(f"{where}: target must be a non-empty string")
        return "pair", {**row, "target": row_target}
    if "text" in row:
        if not isinstance(row["text"], str):
            raise PipelineError(f"{where}: field 'text' must be a string, got {type(row['text']).__name__}")
        article_id = row.get("article_id", row.get("id", f"{Path(where.rsplit(':', 1)[0]).stem}-{where.rsplit(':', 1)[1]}"))
        if not row["text"].strip():
            raise PipelineError(f"{where}: empty article text")
        if len(row["text"]) > extract_cfg["max_chars"]:
            raise PipelineError(f"{where}: article longer than {extract_cfg['max_chars']} characters")
        return "article", {"article_id": str(article_id), "text": row["text"], "source": where}
    raise PipelineError(f"{where}: a line needs 'text' (an article) or 'actor' and 'quote' (a pair)")
