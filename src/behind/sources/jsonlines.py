"""One JSON object per line (FollowTheMoney exports), read defensively.

A line that is not JSON, is nested deeper than :data:`MAX_DEPTH` (``[[[[...]]]]`` a hundred
thousand deep makes Python's decoder raise ``RecursionError``), or is not an object is an
:class:`~behind.errors.InputError` naming the file and the line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from behind.errors import InputError

#: the deepest nesting of arrays and objects a line may have; an FtM entity line has 3 or 4 levels
MAX_DEPTH = 32


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests arrays and objects more than ``limit`` levels (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def json_object(raw: bytes, path: Path, row: int) -> dict[str, Any]:
    """The JSON object on line ``row`` of ``path``; :class:`InputError` for anything else."""
    file = str(path)
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InputError(f"JSON nested too deeply on line {row} (more than {MAX_DEPTH} levels)",
                         file=file, row=row) from None
    except ValueError as exc:  # UnicodeDecodeError included
        raise InputError(f"malformed JSON on line {row}: {exc}", file=file, row=row) from None
    if not isinstance(data, dict):
        raise InputError(f"line {row} is not a JSON object", file=file, row=row)
    if _too_deep(data, MAX_DEPTH):
        raise InputError(f"JSON nested too deeply on line {row} (more than {MAX_DEPTH} levels)",
                         file=file, row=row)
    return data


__all__ = ["MAX_DEPTH", "json_object"]
