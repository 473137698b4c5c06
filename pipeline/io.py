"""File I/O at the edges: JSON Lines and JSON, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from pipeline.errors import PipelineError


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[Any]:
    """Open a temp file beside `path`; rename it over `path` only if the block succeeds."""
    path = Path(path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Write rows as JSON Lines atomically; return the number written."""
    count = 0
    with atomic_writer(path) as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def parse_json_line(raw: bytes, where: str) -> Any:
    """Decode one line of a user's JSON Lines file as UTF-8 JSON, naming `where` (file:line) on failure."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise PipelineError(f"{where}: invalid UTF-8 ({err.reason} at byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise PipelineError(f"{where}: invalid JSON ({err.msg} at column {err.colno})") from None


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSON Lines file the project wrote itself (trusted, no validation)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_json(path: Path, obj: Any) -> None:
    """Write JSON atomically, pretty-printed."""
    with atomic_writer(path) as handle:
        json.dump(obj, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def write_csv(path: Path, rows: Iterable[dict], fieldnames: list[str]) -> None:
    """Write rows as CSV atomically."""
    import csv

    with atomic_writer(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
