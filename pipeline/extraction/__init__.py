"""Actor-quote extraction: direct quotations, reported speech and reported positions in news
articles, attributed to canonical actors."""
from pipeline.extraction.extractor import extract_pairs
from pipeline.extraction.text import read_article_text
from pipeline.extraction.types import ArticleError, ExtractedPair

__all__ = ["ArticleError", "ExtractedPair", "extract_pairs", "read_article_text"]
