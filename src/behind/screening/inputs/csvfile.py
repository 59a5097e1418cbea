"""Text tables: the encoding (sniffed, or given with ``--encoding``, checked over the whole file
before the first row is read), the delimiter (sniffed among ``,`` ``;`` tab and ``|``, or
Excel's ``sep=`` first line), and the records with their row numbers.

Row numbers are what a spreadsheet user sees: a record whose quoted cell spans several lines
counts as one row (as Excel and LibreOffice show it).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Generator
from pathlib import Path

from behind.errors import InputError

DELIMITERS = (",", ";", "\t", "|")
NO_DELIMITER = "\x1f"  # the ASCII unit separator, for a one-column file
_CHUNK = 1 << 20


def text_encoding(path: Path, head: bytes, encoding: str | None) -> str:
    """The codec to read a text file with, checked over the whole file."""
    file = str(path)
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)",
                             file=file) from None
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
    elif head.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif b"\x00" in head:
        sample = head[:1024]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) < len(sample) // 4:
            raise InputError("is a binary file, not CSV text: save it as .xlsx or .csv", file=file)
        codec = "utf-16-le" if odd > even else "utf-16-be"
    else:
        codec = "utf-8"
    _check_decodes(path, codec, explicit=bool(encoding))
    return codec


def _check_decodes(path: Path, codec: str, *, explicit: bool) -> None:
    """Decode the whole file once, so a wrong encoding is reported before the first row."""
    decoder, lines = codecs.getincrementaldecoder(codec)(), 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                lines += decoder.decode(chunk, final=not chunk).count("\n")
            except UnicodeDecodeError as e:
                data, start = e.object, e.start
                line = lines + codecs.decode(data[:start], e.encoding, "replace").count("\n") + 1
                bad = " ".join(f"0x{b:02X}" for b in data[start:e.end])
                if explicit or codec.startswith(("utf-16", "utf-32")):
                    raise InputError(f"cannot be decoded as {codec} (byte {bad}); check --encoding",
                                     file=str(path), row=line) from None
                begin = data.rfind(b"\n", 0, start) + 1
                end = data.find(b"\n", start)
                text = data[begin:end if end >= 0 else start + 60][:120].decode("cp1252", "replace")
                raise InputError(
                    f"is not UTF-8 (byte {bad}); read as cp1252 this line is {text.strip()!r}. "
                    "Pass --encoding cp1252 (what Excel on Windows writes for 'CSV') or "
                    "--encoding latin-1, or save the file as 'CSV UTF-8'",
                    file=str(path), row=line) from None
            if not chunk:
                return


def sniff_delimiter(path: Path, codec: str) -> tuple[str, int]:
    """(delimiter, lines to skip): Excel's ``sep=;`` first line wins, else the candidate that
    splits the header into most columns consistently over the first records."""
    with open(path, encoding=codec, newline="") as f:
        sample = f.read(1 << 16)
    first = sample.split("\n", 1)[0].strip("\r\ufeff")
    if re.fullmatch(r"sep=.", first):
        return first[4], 1
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        try:
            records = [r for _, r in zip(range(50), csv.reader(io.StringIO(sample), delimiter=d)) if r]
        except csv.Error:
            continue
        width = len(records[0]) if records else 0
        score = (sum(len(r) == width for r in records[1:]), width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = d, score
    # no candidate splits the header: one column, whose values may well hold commas
    return (best if best_score > (0, 0) else NO_DELIMITER), 0


def csv_records(path: Path, *, encoding: str | None, delimiter: str, skip_lines: int,
                max_cell_chars: int) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) of every record, blank ones included; the header is row 1."""
    limit = max(csv.field_size_limit(), max_cell_chars * 10, 1 << 20)
    csv.field_size_limit(limit)
    try:
        f = open(path, encoding=encoding, newline="")
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(path)) from None
    with f:
        for _ in range(skip_lines):
            f.readline()
        reader, number = csv.reader(f, delimiter=delimiter), 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                message = (f"a cell has more than {limit:,} characters (limit "
                           f"{max_cell_chars:,})" if "field limit" in str(e)
                           else f"cannot be read as CSV: {e}")
                raise InputError(message, file=str(path), row=number + 1) from None
            number += 1
            yield number, cells


def read_text(path: Path, codec: str | None) -> str:
    """The whole file as text (its encoding already checked)."""
    try:
        with open(path, encoding=codec or "utf-8") as f:
            return f.read()
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(path)) from None
    except UnicodeDecodeError as e:
        raise InputError(f"cannot be decoded as {codec or 'utf-8'} ({e.reason}); check --encoding",
                         file=str(path)) from None


__all__ = ["DELIMITERS", "NO_DELIMITER", "csv_records", "read_text", "sniff_delimiter", "text_encoding"]
