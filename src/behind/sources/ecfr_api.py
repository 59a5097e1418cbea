"""The eCFR versioner API: a regulation as it stood on any date, and the dates it changed.

The Office of the Federal Register serves every title of the Code of Federal Regulations
at ``https://www.ecfr.gov/api/versioner/v1/`` (no key):

- ``full/{date}/title-15.xml?part=744``: the XML of 15 CFR part 744 as it stood on
  ``date`` (``YYYY-MM-DD``; ``current`` is not accepted);
- ``versions/title-15.json?part=744``: ``{"content_versions": [{"identifier",
  "amendment_date", "issue_date", "type", "name", "removed", ...}], "meta": {...}}``,
  one item per amendment of a section or appendix of the part;
- ``titles.json``: ``{"titles": [{"number": 15, "up_to_date_as_of": "...", ...}]}``,
  the newest date the full text can be asked for.

A list whose publisher serves it this way declares a :class:`DatedApi`, which
``behind update NAME --as-of DATE`` and ``--history FROM..TO`` use (:data:`DATED`).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from behind.errors import InputError

BASE = "https://www.ecfr.gov/api/versioner/v1"


@dataclass(frozen=True)
class DatedApi:
    """How to ask a publisher for a list as it stood on a date."""

    #: an as-of date -> the list's files (logical file name -> URL)
    urls: Callable[[str], dict[str, str]]
    #: a JSON document that names the newest date the publisher serves
    newest_url: str
    #: that document's bytes -> the newest date
    newest: Callable[[bytes], str]
    #: (from, to or None) -> a JSON document of the dates the list changed
    versions_url: Callable[[str, str | None], str]
    #: that document's bytes -> the dates the list changed, oldest first
    versions: Callable[[bytes], list[str]]


def full_url(title: int, part: str, on: str) -> str:
    """The URL of ``title`` CFR part ``part`` as it stood on ``on``."""
    return f"{BASE}/full/{iso_date(on)}/title-{title}.xml?part={urllib.parse.quote(part)}"


def versions_url(title: int, part: str, since: str, until: str | None = None) -> str:
    """The URL of the amendments of a part issued on or after ``since`` (and up to ``until``)."""
    query = {"part": part, "issue_date[gte]": iso_date(since)}
    if until:
        query["issue_date[lte]"] = iso_date(until)
    return f"{BASE}/versions/title-{title}.json?{urllib.parse.urlencode(query)}"


def titles_url() -> str:
    return f"{BASE}/titles.json"


def iso_date(value: str) -> str:
    """``value`` checked as a ``YYYY-MM-DD`` date (:class:`InputError` if it is not one)."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(f"not a date: {value!r} (expected YYYY-MM-DD)", field="date") from None


def _json(data: bytes, what: str) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"the eCFR {what} answer is not JSON: {exc}") from None


def newest_date(data: bytes, title: int) -> str:
    """From ``titles.json``: the newest date title ``title`` can be asked for."""
    doc = _json(data, "titles")
    titles = doc.get("titles") if isinstance(doc, dict) else None
    for item in titles if isinstance(titles, list) else []:
        if isinstance(item, dict) and str(item.get("number")) == str(title):
            value = item.get("up_to_date_as_of") or item.get("latest_issue_date")
            if isinstance(value, str):
                return iso_date(value)
    raise InputError(f"titles.json names no date for title {title}")


def amendment_dates(data: bytes, identifier: str | None = None) -> list[str]:
    """From a versions answer: the distinct amendment dates, oldest first, of the item called
    ``identifier`` (``Supplement No. 4 to Part 744``); of every item when none carries it."""
    doc = _json(data, "versions")
    items = doc.get("content_versions") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError("the eCFR versions answer has no content_versions list")
    rows = [i for i in items if isinstance(i, dict)]
    if identifier:
        wanted = identifier.lower()
        named = [i for i in rows if wanted in str(i.get("identifier", "")).lower()
                 or wanted in str(i.get("name", "")).lower()]
        rows = named or rows
    dates = {iso_date(str(v)) for i in rows if (v := i.get("amendment_date") or i.get("date"))}
    return sorted(dates)


__all__ = ["BASE", "DatedApi", "amendment_dates", "full_url", "iso_date", "newest_date", "titles_url",
           "versions_url"]
