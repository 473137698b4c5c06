"""Shared behaviour of the command-line entry points."""
from __future__ import annotations

import logging
import sys
from typing import Callable, TypeVar

from omegaconf import DictConfig

from pipeline.errors import PipelineError

T = TypeVar("T")
log = logging.getLogger("pipeline")


def run_or_exit(task: Callable[[DictConfig], T], cfg: DictConfig) -> T:
    """Run a stage; a PipelineError becomes one clear line on stderr and exit status 1."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr, force=True)
    try:
        return task(cfg)
    except (PipelineError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
