"""Reading a publisher's XML by local element names, after :mod:`behind.sources.safexml` vetted it.

:func:`parse_xml` lets :func:`behind.sources.safexml.parse_xml` refuse what is hostile (a DOCTYPE
or ENTITY declaration: billion laughs, external entities; no DTD, no network, no huge tree) or
malformed, then checks that the root is the one the list publishes (an
:class:`~behind.errors.InputError` naming the file and line if not). The size of the file was
already bounded by the download (:mod:`behind.ingest.fetch`).

Elements are looked up by local name (:func:`local`), so a publisher that adds or drops its
namespace (the EU's ``http://eu.europa.ec/fpi/fsd/export``) reads the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from behind.errors import InputError
from behind.sources import safexml

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]


def local(tag: object) -> str:
    """The local name of an element's tag (``{ns}sanctionEntity`` -> ``sanctionEntity``);
    empty for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def parse_xml(path: Path, root: str) -> etree._Element:
    """The root element of the XML file at ``path``, which must be called ``root``."""
    top = safexml.parse_xml(path)
    if local(top.tag) != root:
        raise InputError(f"expected <{root}>, found <{local(top.tag)}>", file=str(path), row=top.sourceline)
    return top


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """The child elements of ``el`` called ``name`` (any namespace)."""
    return [c for c in el if local(c.tag) == name]


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    """Every element under ``el`` called ``name`` (any namespace), in document order."""
    return [c for c in el.iter() if c is not el and local(c.tag) == name]


def by_name(el: etree._Element) -> dict[str, list[etree._Element]]:
    """Every element under ``el`` (not ``el`` itself) by local name, in document order: one pass
    over a record answers all its lookups."""
    out: dict[str, list[etree._Element]] = {}
    for node in el.iter():
        if node is not el and (name := local(node.tag)):
            out.setdefault(name, []).append(node)
    return out


def clean(text: str | None) -> str:
    """Whitespace runs collapsed (publishers wrap values over lines); None becomes ''."""
    return " ".join((text or "").split())


def text_of(el: etree._Element, name: str) -> str:
    """The cleaned text of the first child called ``name``; '' if there is none."""
    found = children(el, name)
    return clean(found[0].text) if found else ""


def texts_under(index: dict[str, list[etree._Element]], name: str) -> list[str]:
    """The distinct, non-empty cleaned texts of the elements called ``name`` in ``index``
    (:func:`by_name` of a record)."""
    out: list[str] = []
    for node in index.get(name, ()):
        value = clean(node.text)
        if value and value not in out:
            out.append(value)
    return out


__all__ = ["by_name", "children", "clean", "descendants", "local", "parse_xml", "text_of", "texts_under"]
