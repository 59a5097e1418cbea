"""Reading a publisher's XML file safely: no DTD, no entities, no network, bounded trees.

:func:`parse_xml` refuses (:class:`~behind.errors.HostileInputError`) any document whose prolog
declares a DOCTYPE or an ENTITY (billion laughs, external entities); the parser itself never
resolves entities, loads a DTD or touches the network, and keeps lxml's limits on tree depth
and text size (``huge_tree=False``). A document that is not well-formed, or whose root is not
the one the list publishes, is an :class:`~behind.errors.InputError` naming the file and line.
The size of the file was already bounded by the download (:mod:`behind.ingest.fetch`).

Elements are looked up by local name (:func:`local`), so a publisher that adds or drops its
namespace (the EU's ``http://eu.europa.ec/fpi/fsd/export``) reads the same.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from behind.errors import HostileInputError, InputError
from behind.sources.files import read_bytes

_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def local(tag: object) -> str:
    """The local name of an element's tag (``{ns}sanctionEntity`` -> ``sanctionEntity``);
    empty for comments and processing instructions."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_xml(path: Path, root: str) -> etree._Element:
    """The root element of the XML file at ``path``, which must be called ``root``."""
    data = read_bytes(path)
    head = data[: m.start()] if (m := _FIRST_ELEMENT.search(data)) else data
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise HostileInputError("XML with a DOCTYPE or ENTITY declaration refused", file=str(path))
    if not data.strip():
        raise InputError("empty file: no XML document", file=str(path))
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc.msg}", file=str(path), row=exc.lineno) from None
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise HostileInputError("XML with a DOCTYPE refused", file=str(path))
    top = tree.getroot()
    if local(top.tag) != root:
        raise InputError(f"expected <{root}>, found <{local(top.tag)}>", file=str(path), row=top.sourceline)
    return top


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """The child elements of ``el`` called ``name`` (any namespace)."""
    return [c for c in el if local(c.tag) == name]


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    """Every element under ``el`` called ``name`` (any namespace), in document order."""
    return [c for c in el.iter() if c is not el and local(c.tag) == name]


def clean(text: str | None) -> str:
    """Whitespace runs collapsed (publishers wrap values over lines); None becomes ''."""
    return " ".join((text or "").split())


def text_of(el: etree._Element, name: str) -> str:
    """The cleaned text of the first child called ``name``; '' if there is none."""
    found = children(el, name)
    return clean(found[0].text) if found else ""


def texts_under(el: etree._Element, name: str) -> list[str]:
    """The distinct, non-empty cleaned texts of every element under ``el`` called ``name``."""
    out: list[str] = []
    for node in descendants(el, name):
        value = clean(node.text)
        if value and value not in out:
            out.append(value)
    return out


__all__ = ["children", "clean", "descendants", "local", "parse_xml", "text_of", "texts_under"]
