"""Tables of a publisher's web page or Federal Register XML, read safely with lxml.

Two lists Behind reads are published as tables, not as data files: the DHS UFLPA
Entity List page (one HTML ``<table>`` per section of the UFLPA) and the FCC Covered
List page (one ``<table>``). The Federal Register prints the same lists as ``<GPOTABLE>``
elements of its full-text XML (``<BOXHD><CHED>`` headers, ``<ROW><ENT>`` cells, ``<HD>``
headings before them). :func:`read_tables` returns each table with the heading above it,
its header cells and its rows, whichever of the two the file is, and the short paragraph
right before it where a page titles its tables with one.

Hostile input: the file is parsed without network access, without loading a DTD and
without resolving entities; a document that declares an ``<!ENTITY>`` (or, for XML, any
DOCTYPE) is refused as :class:`~behind.errors.HostileInputError`. Size is bounded by the
download limit of :mod:`behind.ingest.fetch`; tables and rows are bounded here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from behind.errors import HostileInputError, InputError
from behind.sources.files import decode_text, read_bytes

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree, html  # type: ignore[import-untyped]

#: more tables or rows than any real page of these lists has: refuse rather than read on
MAX_TABLES = 200
MAX_ROWS = 20_000
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "HD"}
#: a paragraph this short right before a table is read as its title (see _block_before)
_TITLE_BLOCKS = {"p", "div", "strong", "b"}
_TITLE_MAX = 600
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


@dataclass(frozen=True)
class Cell:
    text: str
    #: the first link in the cell (a Federal Register notice), if any
    href: str | None = None


@dataclass
class Table:
    """One table: the heading text above it, its header cells and its rows (line, cells);
    ``title``: the text of a short paragraph right before it, if any (HTML only)."""

    heading: str
    headers: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    title: str = ""

    def column(self, *words: str) -> int | None:
        """Index of the first header containing any of ``words`` (case-insensitive)."""
        for i, header in enumerate(self.headers):
            low = header.lower()
            if any(w in low for w in words):
                return i
        return None


def clean(text: str | None) -> str:
    """Whitespace runs (line wraps, non-breaking spaces) collapsed to one space."""
    return " ".join((text or "").replace("\u00a0", " ").split())


def _text(el: etree._Element) -> str:
    return clean("".join(el.itertext()))


def _cell(el: etree._Element) -> Cell:
    links = el.xpath(".//a[@href]") if isinstance(el.tag, str) else []
    return Cell(_text(el), str(links[0].get("href")) if links else None)


def _refuse_declarations(data: bytes, path: Path, *, xml: bool) -> None:
    prolog = data[: m.start()] if (m := _FIRST_ELEMENT.search(data)) else data
    if _ENTITY_DECL.search(data[:65536]) or (xml and _DOCTYPE.search(prolog)):
        raise HostileInputError("document with a DOCTYPE or ENTITY declaration refused", file=str(path))


def _is_xml(data: bytes) -> bool:
    head = data.lstrip()[:200].lower()
    return head.startswith(b"<?xml") and b"<html" not in data[:2048].lower()


def _block_before(table: etree._Element) -> str | None:
    """The text of a short paragraph right before ``table`` that titles it, or None.

    Some pages title a table with a paragraph, not a heading element: the DHS UFLPA page puts
    ``<p><strong>A list of entities ...</strong><br><a>Section 2(d)(2)(B)(i)</a></p>`` above
    each table, under one page-wide ``<h1>``.
    """
    before = table.getprevious()
    while before is not None and not isinstance(before.tag, str):  # comments between them
        before = before.getprevious()
    if before is None or before.tag not in _TITLE_BLOCKS or before.find(".//table") is not None:
        return None
    text = _text(before)
    return text if 0 < len(text) <= _TITLE_MAX else None


def _html_tables(root: etree._Element, path: Path) -> list[Table]:
    tables: list[Table] = []
    heading = ""
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _HEADINGS and el.getparent() is not None and el.getparent().tag != "table":
            heading = _text(el)
        elif tag == "table":
            caption = el.find("caption")
            headers = [_text(th) for th in el.xpath(".//tr[th][1]/th")]
            table = Table(_text(caption) if caption is not None else heading, headers,
                          title=_block_before(el) or "")
            for tr in el.xpath(".//tr[td]"):
                table.rows.append((tr.sourceline or 0, [_cell(td) for td in tr.xpath("./td|./th")]))
            tables.append(table)
        _bound(tables, path)
    return tables


def _xml_tables(root: etree._Element, path: Path) -> list[Table]:
    tables: list[Table] = []
    heading = ""
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "HD" and el.getparent() is not None and el.getparent().tag != "GPOTABLE":
            heading = _text(el)
        elif tag == "GPOTABLE":
            title = el.findtext("TTITLE")
            table = Table(clean(title) or heading, [_text(c) for c in el.iter("CHED")])
            for row in el.iter("ROW"):
                table.rows.append((row.sourceline or 0, [_cell(ent) for ent in row.findall("ENT")]))
            tables.append(table)
        _bound(tables, path)
    return tables


def _bound(tables: list[Table], path: Path) -> None:
    if len(tables) > MAX_TABLES or sum(len(t.rows) for t in tables[-1:]) > MAX_ROWS:
        raise HostileInputError(f"more than {MAX_TABLES} tables or {MAX_ROWS:,} rows in a table", file=str(path))


def read_tables(path: Path) -> tuple[str, list[Table]]:
    """("html" or "xml", the tables of the file at ``path``, in document order)."""
    from lxml import etree, html

    data = read_bytes(path)
    xml = _is_xml(data)
    _refuse_declarations(data, path, xml=xml)
    if xml:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"malformed XML: {exc.msg}", file=str(path), row=exc.lineno) from None
        return "xml", _xml_tables(root, path)
    text = decode_text(data)
    if not text.strip():
        raise InputError("empty page", file=str(path))
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"unreadable HTML: {exc}", file=str(path)) from None
    return "html", _html_tables(root, path)


__all__ = ["MAX_ROWS", "MAX_TABLES", "Cell", "Table", "clean", "read_tables"]
