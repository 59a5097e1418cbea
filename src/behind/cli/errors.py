"""The one place the CLI turns Behind's errors into what a user sees.

Every command is wrapped in :func:`handle_errors`: a :class:`~behind.errors.BehindError`
raised anywhere below prints ``error: <message>`` (``error:`` in bold red) on standard
error and exits with status 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich.markup import escape

from behind.cli.console import err
from behind.errors import BehindError

P = ParamSpec("P")
T = TypeVar("T")

#: the exit status of a command stopped by a BehindError
ERROR_EXIT = 2


def print_error(exc: BehindError | str) -> None:
    """``error: <message>`` on standard error (the message is printed as is, never as markup)."""
    err.print(f"[bold red]error:[/] {escape(str(exc))}")


def handle_errors(command: Callable[P, T]) -> Callable[P, T]:
    """Wrap a command: a BehindError prints ``error: <message>`` and exits with status 2."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except BehindError as exc:
            print_error(exc)
            raise typer.Exit(code=ERROR_EXIT) from None

    return run


__all__ = ["ERROR_EXIT", "handle_errors", "print_error"]
