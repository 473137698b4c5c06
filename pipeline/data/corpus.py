"""Read labelled pairs from JSON Lines files, validating each row and keeping every reject."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.data.schema import RowError, validate_row
from pipeline.errors import PipelineError
from pipeline.io import parse_json_line


@dataclass
class ReadResult:
    """Valid rows plus every rejected line with its reason: rows read = len(rows) + len(rejects)."""

    rows: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)


def read_labelled(paths: list[Path], require_id: bool = True) -> ReadResult:
    """Read and validate every non-blank line of `paths` (in order); duplicate ids are rejects."""
    result = ReadResult()
    seen_ids: dict[str, str] = {}
    for path in paths:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                where = f"{path}:{number}"
                if not raw.strip():
                    continue
                try:
                    row = validate_row(parse_json_line(raw, where), where, require_id=require_id)
                    if require_id and row["id"] in seen_ids:
                        raise RowError(f"{where}: duplicate id '{row['id']}' (first at {seen_ids[row['id']]})")
                except PipelineError as err:
                    result.rejects.append({"file": str(path), "line": number, "reason": str(err)})
                    continue
                if require_id:
                    seen_ids[row["id"]] = where
                result.rows.append(row)
    return result


def raw_files(raw_dir: Path) -> list[Path]:
    """The labelled files of a raw-data folder, sorted; an empty or missing folder is an error."""
    if not Path(raw_dir).is_dir():
        raise FileNotFoundError(f"{raw_dir}: labelled-data folder does not exist")
    files = sorted(Path(raw_dir).glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"{raw_dir}: no *.jsonl files with labelled pairs")
    return files
