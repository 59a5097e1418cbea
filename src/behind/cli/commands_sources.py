"""``behind sources``: every list Behind knows, who publishes it, where, in what format, on what terms."""

from __future__ import annotations

import json
from typing import Any

from rich.markup import escape
from rich.table import Table

from behind.cli.console import console
from behind.cli.errors import handle_errors
from behind.cli.options import AsJson
from behind.sources import SOURCES, SourceSpec


def describe(spec: SourceSpec) -> dict[str, Any]:
    """One list as ``behind sources --json`` prints it."""
    return {
        "name": spec.name,
        "title": spec.title,
        "publisher": spec.publisher,
        "url": spec.home_url or next(iter(spec.urls.values()), None),
        "files": dict(spec.urls),
        "format": spec.format or None,
        "terms": spec.terms or None,
        "bundled_snapshot": spec.bundled_vintage if spec.bundled else None,
        "supports_as_of": spec.supports_as_of,
        "list_keys": list(spec.lists),
    }


@handle_errors
def sources(as_json: AsJson = False) -> None:
    """List every list Behind knows: publisher, URL, format, terms of use, bundled snapshot, --as-of."""
    rows = [describe(spec) for spec in SOURCES.values()]
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table(title="Lists Behind knows")
    for col in ("list", "publisher", "format", "bundled", "--as-of"):
        table.add_column(col)
    for r in rows:
        table.add_row(escape(r["name"]), escape(r["publisher"]), escape(r["format"] or ""),
                      r["bundled_snapshot"] or "none", "yes" if r["supports_as_of"] else "no")
    console.print(table)
    for r in rows:
        console.print(f"[bold]{escape(r['name'])}[/]: {escape(r['title'])}")
        console.print(f"  {escape(r['url'] or 'no publisher URL (bundled only)')}")
        if r["terms"]:
            console.print(f"  terms: {escape(r['terms'])}")


__all__ = ["describe", "sources"]
