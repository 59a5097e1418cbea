"""Find the header row and map its columns to a kind's fields.

Headers are mapped by the synonyms in :data:`~behind.screening.inputs.kinds.FIELDS`
(case, spaces, underscores and punctuation ignored); ``--column field=Header``
(:func:`parse_mapping`) overrides. A file without a column to screen raises an
:class:`~behind.errors.InputError` that lists the headers found and the ``--column``
to use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from behind.errors import InputError, UsageError
from behind.screening.inputs.kinds import FIELDS, REQUIRED


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["name=Vendor Name", "country=Ctry"]`` -> ``{"name": "Vendor Name", "country": "Ctry"}``."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, header = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not name or not header.strip():
            raise UsageError(f"--column {item!r}: expected FIELD=HEADER, e.g. --column name=\"Vendor Name\"")
        if name in mapping:
            raise UsageError(f"--column {item!r}: field {name!r} is already mapped to {mapping[name]!r}")
        mapping[name] = header.strip()
    return mapping


def check_mapping(kind: str, mapping: dict[str, str], file: str) -> None:
    """Refuse a ``--column`` field that ``kind`` does not have."""
    unknown = [f for f in mapping if f not in FIELDS[kind]]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r} for --kind {kind}; "
                         f"the fields are: {', '.join(FIELDS[kind])}", file=file, field=unknown[0])


def header_row(records: Iterator[tuple[int, list[str]]], path: Path) -> tuple[int, list[str]]:
    """The first non-blank record: the header row (a stray BOM dropped)."""
    first = next(records, None)
    if first is None:
        raise InputError("has only blank lines: no rows to screen", file=str(path))
    number, cells = first
    if cells and cells[0].startswith("\ufeff"):
        cells = [cells[0][1:], *cells[1:]]
    return number, cells


def _norm(header: str) -> str:
    return re.sub(r"[^\w%]|_", "", header.casefold())


def map_columns(kind: str, headers: list[str], mapping: dict[str, str], file: str,
                row: int, sample: list[str]) -> dict[str, str]:
    """field -> header: ``mapping`` first, then each field's best synonym (``sample``, the first
    data row, picks the example in the error for a missing column)."""
    columns: dict[str, str] = {}
    for name, wanted in mapping.items():
        found = find_header(headers, wanted)
        if found is None:
            raise InputError(f"no column {wanted!r} (from --column {name}=\"{wanted}\"); the headers "
                             f"are: {', '.join(map(repr, headers))}", file=file, row=row, field=name)
        columns[name] = found
    normalized = [_norm(h) for h in headers]
    for name, synonyms in FIELDS[kind].items():
        if name in columns:
            continue
        for synonym in map(_norm, synonyms):
            hits = [h for h, n in zip(headers, normalized) if n == synonym and h not in columns.values()]
            if hits:
                columns[name] = hits[0]
                break
    for group in REQUIRED[kind]:
        if not any(f in columns for f in group):
            need = (f"a {group[0]} column" if len(group) == 1
                    else f"at least one of these columns: {', '.join(group)}")
            free = [(h, v) for h, v in zip(headers, sample) if h and h not in columns.values()]
            example = next((h for h, v in free if re.search(r"[^\W\d_]", v)),
                           free[0][0] if free else "Header")
            shown = ", ".join(repr(h) for h in FIELDS[kind][group[0]][:4])
            raise InputError(
                f"no column to screen: a {kind} file needs {need} (headers such as {shown} are "
                f"recognised). The headers found are: {', '.join(map(repr, headers))}. Say which "
                f"column to use with --column field=Header, e.g. --column {group[0]}=\"{example}\"",
                file=file, row=row, field=group[0])
    return {f: columns[f] for f in FIELDS[kind] if f in columns}


def find_header(headers: list[str], wanted: str) -> str | None:
    """The header ``wanted`` names: the same text, else the same ignoring case, else punctuation."""
    for same in (lambda h: h == wanted, lambda h: h.casefold() == wanted.strip().casefold(),
                 lambda h: bool(_norm(wanted)) and _norm(h) == _norm(wanted)):
        hits = [h for h in headers if same(h)]
        if hits:
            return hits[0]
    return None


__all__ = ["check_mapping", "find_header", "header_row", "map_columns", "parse_mapping"]
