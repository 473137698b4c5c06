"""How a pair becomes model input: the quote, and `actor | target` as the second segment."""
from __future__ import annotations

from typing import Mapping, Sequence

PAIR_TEMPLATE = "{actor} | {target}"


def pair_segments(pairs: Sequence[Mapping], template: str = PAIR_TEMPLATE) -> tuple[list[str], list[str]]:
    """Quotes and their `actor | target` segments, so one quote can take different stances per target."""
    return [p["quote"] for p in pairs], [template.format(actor=p["actor"], target=p["target"]) for p in pairs]


def tokenize_pairs(tokenizer, pairs: Sequence[Mapping], max_length: int, template: str = PAIR_TEMPLATE) -> dict:
    """Token ids without padding (collators and batchers pad per batch)."""
    quotes, segments = pair_segments(pairs, template)
    return tokenizer(quotes, segments, truncation="longest_first", max_length=max_length)
