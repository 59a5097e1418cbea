"""Where the CLI writes: results to standard output, errors, warnings and progress to standard error."""

from __future__ import annotations

from rich.console import Console

#: results (tables, JSON, "wrote ..." lines)
console = Console(highlight=False)
#: errors, progress bars, timings
err = Console(stderr=True, highlight=False)

__all__ = ["console", "err"]
