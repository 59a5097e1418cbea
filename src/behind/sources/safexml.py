"""Parsing a publisher's XML file without trusting it.

A document that declares a DOCTYPE or an ENTITY anywhere in its prolog is refused as
:class:`~behind.errors.HostileInputError` (billion-laughs, external entities); the parser
never resolves entities, loads a DTD, touches the network or accepts a huge tree. A file
that is not well-formed is an :class:`~behind.errors.InputError` naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from behind.errors import HostileInputError, InputError
from behind.sources.files import read_bytes

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


def parser() -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and reaches no network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def parse_xml(path: Path) -> etree._Element:
    """The root element of the XML file at ``path``; hostile or malformed files are refused."""
    from lxml import etree

    data = read_bytes(path)
    prolog = data[: m.start()] if (m := _FIRST_ELEMENT.search(data)) else data
    upper = prolog.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise HostileInputError("XML with a DOCTYPE or ENTITY declaration refused", file=str(path))
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser()))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc.msg}", file=str(path), row=exc.lineno) from None
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise HostileInputError("XML with a DOCTYPE refused", file=str(path))
    return tree.getroot()


def text_lines(element: etree._Element) -> list[str]:
    """The text of ``element`` as lines: ``<br/>`` and block children (``P``, ``DIV``) end a
    line; whitespace runs inside a line are collapsed and empty lines dropped."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                pass
            elif child.tag.upper() == "BR":
                parts.append("\n")
            else:
                block = child.tag.upper() in ("P", "DIV", "FP", "LI")
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


__all__ = ["parse_xml", "parser", "text_lines"]
