"""Tell an input file's format by its content, not by its extension alone.

An XLSX workbook is a ZIP archive with ``xl/workbook.xml`` (checked for zip bombs
on the way); ``.bib`` is BibTeX and ``.json`` an OpenAlex works export (both for
``--kind collaborators``); anything else must be text, read as CSV. A file that is
something else (a PDF, an old ``.xls``, an HTML page saved as ``.xlsx``) is refused
with what it looks like and how to save it.
"""

from __future__ import annotations

import re
from pathlib import Path

from behind.errors import InputError
from behind.screening.inputs.xlsx import check_xlsx_zip

FORMATS = ("csv", "xlsx", "bibtex", "openalex")
_OLE = b"\xd0\xcf\x11\xe0"


def looks_like(head: bytes) -> str:
    """What the first bytes of a file look like, in words."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(_OLE):
        return "an old Excel 97-2003 .xls file or a password-protected workbook"
    if head.startswith(b"PK"):
        return "a ZIP archive"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip archive (decompress it first)"
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]:
        return "an HTML page"
    if text.startswith(b"<"):
        return "XML"
    if text.startswith((b"{", b"[")):
        return "JSON"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return "CSV or plain text"


def detect_format(path: Path, head: bytes) -> str:
    """One of :data:`FORMATS` for the file at ``path`` whose first bytes are ``head``."""
    file, suffix = str(path), path.suffix.lower()
    if head.startswith(b"PK"):
        check_xlsx_zip(path)
        return "xlsx"
    what = looks_like(head)
    if suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        advice = ("rename it to .csv" if what == "CSV or plain text"
                  else "open it in Excel and save it as .xlsx or .csv")
        raise InputError(f"is not an XLSX workbook (it looks like {what}): {advice}", file=file)
    if what not in ("CSV or plain text", "JSON", "a binary file"):
        detail = " (Behind does not read the old format)" if head.startswith(_OLE) else ""
        raise InputError(f"is {what}, not a table Behind can read{detail}: open it in Excel and "
                         f"save it as .xlsx or .csv", file=file)
    if suffix == ".bib" or re.match(rb"\s*@\s*[A-Za-z]+\s*[{(]", head.lstrip(b"\xef\xbb\xbf")):
        return "bibtex"
    if suffix == ".json" or (what == "JSON" and suffix not in (".csv", ".tsv", ".txt")):
        return "openalex"
    return "csv"


__all__ = ["FORMATS", "detect_format", "looks_like"]
