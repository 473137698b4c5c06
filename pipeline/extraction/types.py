"""What extraction returns, and the error a caller reports as a skipped article."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import PipelineError


@dataclass(frozen=True)
class ExtractedPair:
    """One statement attributed to an actor; `quote == text[start:end]` of the article text."""

    actor: str      # canonical actor
    quote: str
    start: int
    end: int
    speaker: str    # who uttered it (usually == actor)
    kind: str       # "direct" | "reported" | "position"


class ArticleError(PipelineError, ValueError):
    """An article that cannot be read (unreadable, binary, invalid UTF-8, too long, no text)."""
