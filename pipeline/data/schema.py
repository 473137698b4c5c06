"""The labelled-pair schema of ANNOTATION.md, enforced row by row."""
from __future__ import annotations

from typing import Any

from pipeline.errors import PipelineError

STANCES = ("supportive", "doubtful", "opposed")
OFF_TARGET = "none"
LABELS = STANCES + (OFF_TARGET,)

REQUIRED = {"id": str, "article_id": str, "actor": str, "quote": str, "target": str, "label": str}
OPTIONAL = {"alt_labels": list, "speaker": str}


class RowError(PipelineError, ValueError):
    """A row that breaks the schema; the message names file and line."""


def validate_row(obj: Any, where: str, require_id: bool = True) -> dict:
    """Return the row if it follows the schema, else raise RowError naming `where` (file:line)."""
    if not isinstance(obj, dict):
        raise RowError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    for field, kind in REQUIRED.items():
        if field == "id" and not require_id:
            continue
        if field not in obj:
            raise RowError(f"{where}: missing field '{field}'")
        if not isinstance(obj[field], kind):
            raise RowError(f"{where}: field '{field}' must be a string, got {type(obj[field]).__name__}")
        if not obj[field].strip():
            raise RowError(f"{where}: field '{field}' is empty")
    for field, kind in OPTIONAL.items():
        if field in obj and obj[field] is not None and not isinstance(obj[field], kind):
            raise RowError(f"{where}: field '{field}' must be a {kind.__name__}")
    if obj["label"] not in LABELS:
        raise RowError(f"{where}: unknown label '{obj['label']}' (expected one of {', '.join(LABELS)})")
    bad_alt = [a for a in obj.get("alt_labels") or [] if a not in LABELS]
    if bad_alt:
        raise RowError(f"{where}: unknown alt_labels {bad_alt}")
    return obj
