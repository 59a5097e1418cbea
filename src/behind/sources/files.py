"""Files: reading list files (bytes, text with the Windows-1252 fallback, CSV rows and tables), and
writing a file so that it appears whole or not at all (:func:`atomic_file`).

Every failure is an :class:`~behind.errors.InputError` naming the file and, where
there is one, the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from behind.errors import InputError

_C1 = re.compile("[\x80-\x9f]")
_FIELDS = {"\t": "tab-separated fields"}


@contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield ``<out>.part`` to write; rename it to ``out`` on success, remove it on any error,
    so ``out`` is either the complete new file or left as it was."""
    part = out.with_name(out.name + ".part")
    try:
        yield part
        os.replace(part, out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def read_bytes(path: Path) -> bytes:
    """The file's bytes; an unreadable file is an :class:`InputError`."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None


def _cp1252(match: re.Match[str]) -> str:
    try:
        return match.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d have no Windows-1252 character
        return match.group()


def fix_cp1252(text: str) -> str:
    """Windows-1252 bytes that were read as Latin-1 (C1 controls) become their characters:
    ``Gui\\x92an`` -> ``Gui’an``."""
    return _C1.sub(_cp1252, text)


def decode_text(data: bytes) -> str:
    """UTF-8 (a byte-order mark dropped); a file with undecodable bytes is read whole as
    Windows-1252, the publishers' other encoding, where Latin-1 lacks a character."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = fix_cp1252(data.decode("latin-1"))
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    """The file's text, decoded by :func:`decode_text`."""
    return decode_text(read_bytes(path))


def _blank(row: list[str]) -> bool:
    return not any(cell.replace("\x1a", "").strip() for cell in row)  # 0x1A: a DOS end-of-file byte


def csv_rows(text: str, path: Path, *, delimiter: str = ",", strict: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, its cells) for each row of ``text`` that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            if not _blank(row):
                yield line, row
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path), row=reader.line_num) from None


def read_table(text: str, path: Path, *, header_problem: Callable[[list[str]], str | None],
               delimiter: str = ",") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header row and the (line, cells) of each row after it, all as wide as the header.

    ``header_problem`` tells what is wrong with the header row (missing columns), or None.
    """
    rows = csv_rows(text, path, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise InputError("empty file: no header row", file=str(path))
    line, header = first
    if problem := header_problem(header):
        raise InputError(problem, file=str(path), row=line)
    out: list[tuple[int, list[str]]] = []
    for line, row in rows:
        if len(row) != len(header):
            what = _FIELDS.get(delimiter, "fields")
            raise InputError(f"expected {len(header)} {what}, found {len(row)}", file=str(path), row=line)
        out.append((line, row))
    return header, out


__all__ = ["atomic_file", "csv_rows", "decode_text", "fix_cp1252", "read_bytes", "read_table", "read_text"]
