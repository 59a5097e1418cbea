"""Commands that look names up: ``search``, ``match`` (batch) and ``explain``."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Optional

import typer
from rich.markup import escape
from rich.table import Table

from behind.cli.confirmations import confirmation_line, with_versions
from behind.cli.console import console, err
from behind.cli.errors import handle_errors, print_error
from behind.cli.options import AsJson, ConfigFile, DataDir, open_settings, open_store, parse_as_of
from behind.config import Settings
from behind.errors import InputError
from behind.matching.match import Index, Query
from behind.matching.queries import QueryLine, read_queries
from behind.model.explanation import EntityExplanation
from behind.model.listing import Listing
from behind.model.results import Edge
from behind.model.matching import describe, matching_config
from behind.reports.svg import QUERY, affiliate_edge, explanation_svg
from behind.screening.factory import build_screener
from behind.sources.files import atomic_file


def _index(settings: Settings) -> Index:
    config = matching_config(settings.matching)
    with open_store(settings) as store:
        store.require_loaded()
        return Index.from_store(store, config)


@handle_errors
def search(
    name: Annotated[str, typer.Argument(help="Name to look for (any script)")],
    schema: Annotated[Optional[str], typer.Option(help="Person, Organization, Company...")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Lowest score to show [default: 0.85, or [matching] threshold]")] = None,
    limit: Annotated[int, typer.Option()] = 10,
    as_json: AsJson = False,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Look a name up in every loaded list."""
    index = _index(open_settings(data_dir, config))
    threshold = index.config.threshold if threshold is None else threshold
    hits = [m.to_hit() for m in index.search(Query(name=name, schema=schema), threshold=threshold, limit=limit)]
    if as_json:
        console.print_json(json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False))
        return
    if not hits:
        console.print(f"No match for {escape(repr(name))} at threshold {threshold} in {len(index):,} records.")
        return
    table = Table(title=f"Matches for {escape(repr(name))}")
    for col in ("score", "list", "id", "name", "matched on", "programs"):
        table.add_column(col)
    for h in hits:
        table.add_row(f"{h.score:.2f}", h.source, escape(h.source_id), escape(h.name), escape(h.matched_on()),
                      escape(", ".join(h.programs)))
    console.print(table)


#: the exit status of ``behind match`` when some lines were bad (the good ones are answered)
BAD_LINES_EXIT = 1


@handle_errors
def match(
    input: Annotated[Path, typer.Option("--input", "-i", help="Query lines (JSON): id, name, schema, identifiers")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Result lines (JSON): id, hits")],
    threshold: Annotated[Optional[float], typer.Option(help="Lowest score [default: 0.85, or [matching] threshold]")] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Batch matching: one JSON line per query in, one line with its hits (or its error) out."""
    settings = open_settings(data_dir, config)
    _open_queries(input).close()  # a missing or unreadable file stops the run before the index loads
    index = _index(settings)
    start = time.perf_counter()
    answered = bad = 0
    try:
        with (_open_queries(input) as queries, atomic_file(output) as tmp,
              tmp.open("w", encoding="utf-8") as fh):
            for item in read_queries(queries, file=str(input)):
                record = _answer(index, item, threshold, str(input))
                if "error" in record:
                    bad += 1
                else:
                    answered += 1
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write results: {exc.strerror or exc}", file=str(output)) from exc
    elapsed = time.perf_counter() - start
    err.print(f"matched {answered:,} queries against {len(index):,} records in {elapsed:.1f} s "
              f"({answered / max(elapsed, 1e-9):,.0f} queries/s) -> {escape(str(output))}")
    if bad:
        err.print(f"{bad:,} bad line{'s' if bad > 1 else ''} not matched (see the errors above; "
                  f"each has an error record in {escape(str(output))})")
        raise typer.Exit(code=BAD_LINES_EXIT)


def _open_queries(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read queries: {exc.strerror or exc}", file=str(path)) from None


def _answer(index: Index, item: QueryLine, threshold: float | None, file: str) -> dict[str, Any]:
    """The output record of one query line: its hits, or its error (also printed on stderr)."""
    error = item.error
    if item.query is not None:
        try:
            hits = [m.to_hit().model_dump(mode="json") for m in index.search(item.query, threshold=threshold)]
            return {"id": item.id, "hits": hits}
        except InputError as exc:  # a query the matcher refuses (too long...) is a bad line too
            error = InputError(exc.reason, file=file, row=item.line, field=exc.field)
    assert error is not None
    print_error(error)
    return {"id": item.id, "line": item.line, "error": error.reason}


@handle_errors
def explain(
    name: Annotated[str, typer.Argument(help="Name of a vendor, brand, subsidiary or listed party")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date of the screen, YYYY-MM-DD [default: today]")] = None,
    as_json: AsJson = False,
    svg: Annotated[Optional[Path], typer.Option("--svg", help="Write a picture of the paths to this SVG file")] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Show an entity, its listings and its exposure paths (ownership, brand, relabel) as of a date."""
    day = parse_as_of(as_of) or date.today()
    screener, lists = build_screener(open_settings(data_dir, config), day)
    hits = screener.index.search(Query(name=name))
    if not hits:
        console.print(f"No listed or related record matches {escape(repr(name))}.")
        raise typer.Exit(code=1)
    result = screener.status_of(hits[0].entity.key, day)
    hit = hits[0].to_hit()
    affiliate = affiliate_edge(QUERY, result.entity) if hit.explanation.affiliate is not None else None
    result = with_versions(result.model_copy(update={"query": name, "match": hit, "affiliate": affiliate}), lists)
    names = screener.graph.names()
    if svg is not None:
        svg.write_text(explanation_svg(result, names), encoding="utf-8")
    if as_json:
        console.print_json(result.model_dump_json())
        return
    _print_explanation(result, names)
    if svg is not None:
        console.print(f"picture of the paths: {escape(str(svg))}")


def _print_explanation(x: EntityExplanation, names: Mapping[str, str]) -> None:
    def name_of(key: str) -> str:
        return escape(f"{names.get(key, key)} ({key})")

    def edge_text(e: Edge) -> str:
        src = f" \\[source: {escape(e.sources[0].url or '')}]" if e.sources else ""
        inherited = f" (dates of the {e.dates_from} relation)" if e.dates_from else ""
        return f"{name_of(e.subject)} —{escape(e.label())}{inherited}→ {name_of(e.object)}{src}"

    def listing_text(x: Listing) -> str:
        return (x.list + (f" ({x.program})" if x.program else "") + (f" since {x.date}" if x.date else "")
                + (f"; {x.citation}" if x.citation else "") + (f" [{x.source_url}]" if x.source_url else ""))

    found = x.match.explanation.affiliate if x.match is not None else None
    if x.affiliate is not None and found is not None:  # only the name suggests it: not a sourced relation
        console.print(f"[bold]{escape(x.query or '')}[/] —name suggests affiliate→ {name_of(x.entity)}: "
                      f"{escape(found.describe())}; evidence: name affiliate, not a sourced relation")
    console.print(f"[bold]{name_of(x.entity)}[/] as of {x.as_of}: [bold]{x.status}[/]")
    if len(x.records) > 1:
        console.print("same entity on: " + escape(", ".join(x.records)))
    for listing in x.listings:
        console.print(escape(f"  listed: {listing_text(listing)}"))
    for c in x.confirmations:
        console.print(confirmation_line(c))
    for exp in x.exposures:
        mark = "[red]EXPOSED[/]" if exp.applied else "[yellow]not applied[/]"
        what = (exp.listing.list + (f" ({exp.listing.program})" if exp.listing.program else "")
                if exp.listing is not None else f"aggregate share {exp.aggregate_share}")
        console.print(f"  {mark} {escape(exp.regime_name)}: {escape(what)} — {escape(exp.why)}")
        for edge in exp.path:
            console.print(f"      {edge_text(edge)}")
    for up in x.ownership_upward:
        lists = ", ".join(sorted({listing.list for listing in up.listings})) or "not listed"
        console.print(f"  owned by / part of: {name_of(up.owner)} — {escape(lists)}")
    for h in x.history:
        if h.edge is not None:
            console.print(f"  [dim]history: {edge_text(h.edge)} — not in force: {escape(h.why)}[/]")
        elif h.listing is not None:
            console.print(f"  [dim]history: listing {escape(listing_text(h.listing))} — {escape(h.why)}[/]")
    console.print("regimes: " + escape("; ".join(f"{r.name}: {'applied' if r.applied else 'not applied'} "
                                                 f"({r.why})" for r in x.regimes)))


@handle_errors
def method(
    as_json: AsJson = False,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Show the matching configuration: every weight, threshold and rule, with its value and default."""
    settings = open_settings(data_dir, config)
    rows = describe(matching_config(settings.matching))
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table(title="Matching configuration ([matching] in config.toml)")
    for col in ("setting", "value", "default", "what it does"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["name"], str(r["value"]), str(r["default"]), escape(r["description"]))
    console.print(table)


__all__ = ["BAD_LINES_EXIT", "explain", "match", "method", "search"]
