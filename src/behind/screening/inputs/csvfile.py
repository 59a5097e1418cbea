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
#: text codecs that are not character sets a table is saved in (Python escapes, domain names)
_NOT_CHARSETS = {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}
#: a line ends with CRLF, LF or a bare CR (old Mac exports); mixed endings are read too
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text_encoding(path: Path, head: bytes, encoding: str | None) -> str:
    """The codec to read a text file with, checked over the whole file."""
    file = str(path)
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except (LookupError, ValueError):  # ValueError: a NUL in the name
            raise InputError(f"unknown encoding {encoding[:40]!r} (try utf-8, cp1252 or latin-1)",
                             file=file) from None
        try:
            io.TextIOWrapper(io.BytesIO(), encoding=codec)
            if codec in _NOT_CHARSETS or "escape" in codec:
                raise LookupError(codec)
        except LookupError:  # base64, rot13, zlib... are codecs, but not of text
            raise InputError(f"{encoding[:40]!r} is not a text encoding (try utf-8, cp1252 or latin-1)",
                             file=file) from None
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        elif codec in ("utf-16", "utf-32") and not head.startswith(
                (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) if codec == "utf-32"
                else (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec += "-le"  # no byte-order mark: what Windows writes (Python's decoder wants a mark)
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
    decoder, lines, after_cr = codecs.getincrementaldecoder(codec)(), 0, False
    try:
        f = open(path, "rb")
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(path)) from None
    with f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                data, start = e.object, e.start
                line = lines + _line_breaks(_lenient(data[:start], codec)) + 1
                bad = " ".join(f"0x{b:02X}" for b in data[start:e.end])
                if explicit or codec.startswith(("utf-16", "utf-32")):
                    raise InputError(f"cannot be decoded as {codec} (byte {bad}); check --encoding",
                                     file=str(path), row=line) from None
                begin = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
                end = min((i for i in (data.find(b"\n", start), data.find(b"\r", start)) if i >= 0),
                          default=-1)
                text = data[begin:end if end >= 0 else start + 60][:120].decode("cp1252", "replace")
                raise InputError(
                    f"is not UTF-8 (byte {bad}); read as cp1252 this line is {text.strip()!r}. "
                    "Pass --encoding cp1252 (what Excel on Windows writes for 'CSV') or "
                    "--encoding latin-1, or save the file as 'CSV UTF-8'",
                    file=str(path), row=line) from None
            except UnicodeError as e:  # a codec's own failure: idna, punycode, undefined...
                raise InputError(f"cannot be decoded as {codec} ({e}); check --encoding",
                                 file=str(path)) from None
            lines += _line_breaks(text) - (after_cr and text.startswith("\n"))  # a CRLF across chunks
            after_cr = text.endswith("\r") or (after_cr and not text)
            if not chunk:
                return


def _lenient(data: bytes, codec: str) -> str:
    """``data`` decoded with ``codec``, undecodable bytes replaced (as Latin-1 if the codec fails)."""
    try:
        return data.decode(codec, "replace")
    except (UnicodeError, LookupError):
        return data.decode("latin-1")


def _line_breaks(text: str) -> int:
    """How many lines ``text`` ends: CRLF, LF and bare CR each end one."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def sniff_delimiter(path: Path, codec: str) -> tuple[str, int]:
    """(delimiter, lines to skip): Excel's ``sep=;`` first line wins, else the candidate that
    splits the header into most columns consistently over the first records."""
    try:
        with open(path, encoding=codec, newline="") as f:
            sample = f.read(1 << 16)
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(path)) from None
    except UnicodeError as e:
        raise InputError(f"cannot be decoded as {codec} ({e}); check --encoding", file=str(path)) from None
    first = _LINE_BREAK.split(sample, maxsplit=1)[0].strip("\ufeff")
    if re.fullmatch(r"sep=.", first):
        return first[4], 1
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        # newline="": lines end at CR, LF or CRLF (old Mac exports end them with a bare CR)
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=d)
        try:
            records = [r for _, r in zip(range(50), reader) if r]
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
            except UnicodeError as e:  # the whole file was decoded once already; a codec may still differ
                raise InputError(f"cannot be decoded as {encoding} ({e}); check --encoding",
                                 file=str(path), row=number + 1) from None
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
    except UnicodeError as e:
        raise InputError(f"cannot be decoded as {codec or 'utf-8'} ({e}); check --encoding",
                         file=str(path)) from None


__all__ = ["DELIMITERS", "NO_DELIMITER", "csv_records", "read_text", "sniff_delimiter", "text_encoding"]
