"""Errors a user can act on: stage entry points print them as one line and exit non-zero."""


class PipelineError(Exception):
    """A problem with the user's input, data or configuration (not a bug)."""
