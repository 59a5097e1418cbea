"""Query lines for batch matching (``behind match``): one JSON object per line.

A line reads ``{"id", "name", "schema"?, "identifiers"?}``. :func:`read_queries` answers one
:class:`QueryLine` per non-blank line, in file order: the :class:`~behind.matching.match.Query`
to run, or the :class:`~behind.errors.InputError` (naming the file, the line and the field)
that makes the line bad. A bad line never stops the lines after it.

A line is bad when it is not UTF-8, not JSON, nested too deeply, or not an object; when its
``id`` is missing, null, empty, not a string or an integer, or the ``id`` of an earlier line;
when ``name`` is not a string; when ``schema`` is not one of the FollowTheMoney schemas Behind
matches (:data:`~behind.model.entity.SCHEMAS`; the names are case-sensitive); when
``identifiers`` is not an object of strings; or when it has neither a name nor an identifier.
The ``id`` of a bad line is the line's own id where it has a usable one, else None (a
duplicate id is not usable: it would stand for two lines).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from behind.errors import InputError
from behind.matching.match import Query
from behind.model.entity import SCHEMAS


@dataclass(frozen=True)
class QueryLine:
    """One non-blank input line: its number, its id, and either its query or its error."""

    line: int
    id: str | None
    query: Query | None = None
    error: InputError | None = None


def _kind(value: Any) -> str:
    """A JSON value's kind in words: ``a list``, ``a number``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


class _Bad(Exception):
    def __init__(self, message: str, field: str | None = None, qid: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field, self.qid = message, field, qid


def _id(obj: dict[str, Any]) -> str:
    if "id" not in obj:
        raise _Bad("the line has no 'id'", "id")
    raw = obj["id"]
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if not isinstance(raw, str):
        raise _Bad(f"id must be a string or an integer, found {_kind(raw)}", "id")
    if not raw.strip():
        raise _Bad("id is empty", "id")
    return raw


def _identifiers(raw: Any, qid: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _Bad(f"identifiers must be an object like {{\"isin\": \"CNE100000PM8\"}}, found {_kind(raw)}",
                   "identifiers", qid)
    out: dict[str, str] = {}
    for scheme, value in raw.items():
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _Bad(f"identifier {scheme!r} must be a string, found {_kind(value)}", "identifiers", qid)
        if value.strip():
            out[scheme] = value
    return out


def _query(obj: Any, line: int, seen: dict[str, int]) -> tuple[str, Query]:
    if not isinstance(obj, dict):
        raise _Bad(f'each line must be a JSON object like {{"id": "q1", "name": "..."}}, found {_kind(obj)}')
    qid = _id(obj)
    if qid in seen:
        raise _Bad(f"duplicate id {qid!r} (first on line {seen[qid]})", "id")
    seen[qid] = line
    name = obj.get("name")
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise _Bad(f"name must be a string, found {_kind(name)}", "name", qid)
    schema = obj.get("schema")
    if schema is not None:
        if not isinstance(schema, str):
            raise _Bad(f"schema must be a string, found {_kind(schema)}", "schema", qid)
        if schema not in SCHEMAS:
            near = next((s for s in SCHEMAS if s.casefold() == schema.strip().casefold()), None)
            hint = f" (did you mean {near!r}?)" if near else ""
            raise _Bad(f"unknown schema {schema[:60]!r}{hint}; the schemas are: {', '.join(SCHEMAS)}",
                       "schema", qid)
    identifiers = _identifiers(obj.get("identifiers"), qid)
    if not name.strip() and not identifiers:
        raise _Bad("nothing to match: give a name or identifiers", "name", qid)
    return qid, Query(name=name, schema=schema, identifiers=identifiers)


def _decode(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _Bad(f"the line is not UTF-8 (byte 0x{raw[e.start]:02X} at column {e.start + 1})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _Bad(f"invalid JSON: {e.msg} (column {e.colno})") from None
    except RecursionError:
        raise _Bad("invalid JSON: nested too deeply") from None


def read_queries(lines: Iterable[bytes], *, file: str) -> Iterator[QueryLine]:
    """One :class:`QueryLine` per non-blank line of ``lines`` (the raw lines of a file)."""
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            qid, query = _query(_decode(raw), number, seen)
        except _Bad as bad:
            error = InputError(bad.message, file=file, row=number, field=bad.field)
            yield QueryLine(number, bad.qid, error=error)
            continue
        yield QueryLine(number, qid, query=query)


__all__ = ["QueryLine", "read_queries"]
