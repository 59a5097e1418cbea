"""The ``behind`` command line: a thin layer over the store, the updater and the matcher."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from behind.config import Settings, default_data_dir, load_settings
from behind.errors import BehindError, InputError
from behind.matching.match import DEFAULT_THRESHOLD, Index, Query
from behind.sources.registry import SOURCES, SourceSpec, get_source
from behind.store.sqlite import Store
from behind.ingest.update import UpdateOutcome, load_bundled, origins_for, update_source

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Behind: screen vendors, brands, holdings and partners against restricted-party lists.")
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DataDir = Annotated[Optional[Path], typer.Option("--data-dir", envvar="BEHIND_DATA_DIR",
                                                  help="Folder of the embedded store [default: ~/.behind]")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="TOML settings file")]


def _settings(data_dir: Path | None, config: Path | None = None) -> Settings:
    return load_settings(data_dir or default_data_dir(), config)


def _store(settings: Settings) -> Store:
    return Store(settings.store_path, keep_versions=settings.keep_versions)


def _fail(exc: BehindError) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(code=2)


def _report(outcome: UpdateOutcome) -> None:
    if outcome.status == "not_modified":
        console.print(f"{outcome.source}: not modified since the last fetch")
        return
    assert outcome.result is not None
    v = outcome.result.version
    if outcome.status == "unchanged":
        console.print(f"{outcome.source}: unchanged (version {v.id}, {v.record_count:,} records)")
        return
    prev = outcome.result.previous
    delta = f" (was {prev.record_count:,} in version {prev.id})" if prev else ""
    console.print(f"{outcome.source}: loaded version {v.id} with {v.record_count:,} records{delta}")
    for warning in outcome.warnings[:20]:
        console.print(f"  [yellow]warning:[/] {warning}")
    if len(outcome.warnings) > 20:
        console.print(f"  [yellow]... and {len(outcome.warnings) - 20} more warnings[/]")


@app.command()
def update(
    lists: Annotated[Optional[list[str]], typer.Argument(help="Lists to update [default: all with a URL]")] = None,
    from_path: Annotated[Optional[Path], typer.Option("--from", help="Load from a local file or folder")] = None,
    bundled: Annotated[bool, typer.Option("--bundled", help="Load the copies bundled with Behind")] = False,
    force: Annotated[bool, typer.Option("--force", help="Load even if the list shrank or did not change")] = False,
    max_shrink: Annotated[Optional[float], typer.Option(help="Largest share of records a new version may lose")] = None,
    data_dir: DataDir = None,
    config: ConfigOpt = None,
) -> None:
    """Fetch the current official lists (or load local or bundled copies) into the store.

    A failed, truncated or malformed download leaves the active version untouched.
    """
    try:
        settings = _settings(data_dir, config)
        names = lists or ([n for n, s in SOURCES.items() if s.urls] if not bundled else list(SOURCES))
        specs = [get_source(n) for n in names]
        if from_path is not None and len(specs) != 1:
            raise InputError("--from needs exactly one list name, e.g. `behind update us_ofac_sdn --from DIR`")
    except (BehindError, KeyError) as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(code=2) from None
    failed = 0
    with _store(settings) as store:
        for spec in specs:
            try:
                if bundled:
                    outcome = load_bundled(store, spec, force=force)
                else:
                    origins = origins_for(spec, urls=settings.urls.get(spec.name), from_path=from_path)
                    outcome = update_source(store, spec, origins, settings=settings.fetch, force=force,
                                            max_shrink=settings.max_shrink if max_shrink is None else max_shrink)
                _report(outcome)
            except BehindError as exc:
                failed += 1
                err.print(f"[bold red]error:[/] {exc}")
                active = store.active_version(spec.name)
                err.print(f"  {spec.name}: active version unchanged"
                          + (f" (version {active.id}, {active.record_count:,} records)" if active else " (none loaded)"))
    if failed:
        raise typer.Exit(code=1)


@app.command("import")
def import_(
    path: Annotated[str, typer.Argument(help="FollowTheMoney JSON lines file or URL")],
    source: Annotated[str, typer.Option("--source", help="Name for this list in the store, e.g. us_dhs_uflpa")],
    force: Annotated[bool, typer.Option("--force")] = False,
    data_dir: DataDir = None,
    config: ConfigOpt = None,
) -> None:
    """Load a FollowTheMoney export (for example an OpenSanctions dataset) as a list."""
    from behind.sources.ftm import read_ftm

    spec = SourceSpec(name=source, title=f"FollowTheMoney import: {source}", publisher="FtM export",
                      urls={}, bundled={"entities.ftm.json": ""}, required=("entities.ftm.json",),
                      bundled_vintage="", read=lambda files, name: read_ftm(next(iter(files.values())), name))
    try:
        settings = _settings(data_dir, config)
        with _store(settings) as store:
            origins = {"entities.ftm.json": path} if "://" in path else origins_for(spec, from_path=Path(path))
            _report(update_source(store, spec, origins, settings=settings.fetch, force=force,
                                  max_shrink=settings.max_shrink))
    except BehindError as exc:
        _fail(exc)


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (FtM JSON lines)")],
    lists: Annotated[Optional[list[str]], typer.Option("--list", help="Only these lists")] = None,
    data_dir: DataDir = None,
) -> None:
    """Write the active lists as FollowTheMoney JSON lines for FtM tools."""
    from behind.sources.ftm import write_ftm

    try:
        with _store(_settings(data_dir)) as store:
            sources = lists or [v.source for v in store.active_versions()]
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8") as fh:
                n = write_ftm((e for s in sources for e in store.entities(s)), fh)
            tmp.replace(output)
        console.print(f"wrote {n:,} FtM entities to {output}")
    except BehindError as exc:
        _fail(exc)


@app.command("lists")
def lists_(
    history: Annotated[bool, typer.Option("--history", help="Show every stored version")] = False,
    max_age_days: Annotated[Optional[int], typer.Option(help="Warn about lists older than this")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
    config: ConfigOpt = None,
) -> None:
    """Show the loaded lists: versions, record counts, age."""
    try:
        settings = _settings(data_dir, config)
        limit = settings.max_age_days if max_age_days is None else max_age_days
        with _store(settings) as store:
            versions = store.versions() if history else store.active_versions()
            relations = store.relation_counts()
    except BehindError as exc:
        _fail(exc)
        return
    now = datetime.now(timezone.utc)
    if as_json:
        console.print_json(json.dumps([{**v.__dict__, "files": [f.__dict__ for f in v.files],
                                         "relations": relations.get(v.id, 0),
                                         "age_days": round(v.age_days(now), 1)} for v in versions]))
        return
    if not versions:
        console.print("No lists loaded. Run `behind update` (or `behind update --bundled`).")
        return
    table = Table(title="Loaded lists" + (" (all versions)" if history else ""))
    for col in ("list", "version", "records", "by schema", "relations", "fetched", "age (days)", "sha256"):
        table.add_column(col)
    stale = []
    for v in versions:
        age = v.age_days(now)
        old = v.active and age > limit
        if old:
            stale.append(v)
        table.add_row(v.source + ("" if v.active or not history else " (inactive)"), str(v.id),
                      f"{v.record_count:,}", ", ".join(f"{k} {n}" for k, n in sorted(v.counts.items())),
                      f"{relations.get(v.id, 0):,}", v.fetched_at[:10], f"[red]{age:.0f}[/]" if old else f"{age:.0f}", v.sha256[:12])
    console.print(table)
    for v in stale:
        console.print(f"[yellow]warning:[/] {v.source} is {v.age_days(now):.0f} days old "
                      f"(limit {limit}); run `behind update {v.source}`")


@app.command()
def restore(
    source: Annotated[str, typer.Argument(help="List name")],
    version: Annotated[Optional[int], typer.Option(help="Version id [default: the one before the active]")] = None,
    data_dir: DataDir = None,
) -> None:
    """Make an earlier stored version of a list active again."""
    try:
        with _store(_settings(data_dir)) as store:
            v = store.restore(source, version)
        console.print(f"{source}: version {v.id} ({v.record_count:,} records, fetched {v.fetched_at}) is active")
    except BehindError as exc:
        _fail(exc)


def _index(settings: Settings) -> Index:
    with _store(settings) as store:
        if not store.active_versions():
            raise InputError("no lists loaded: run `behind update` or `behind update --bundled` first")
        return Index.from_store(store)


@app.command()
def search(
    name: Annotated[str, typer.Argument(help="Name to look for (any script)")],
    schema: Annotated[Optional[str], typer.Option(help="Person, Organization, Company...")] = None,
    threshold: Annotated[float, typer.Option(help="Lowest score to show")] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option()] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    data_dir: DataDir = None,
) -> None:
    """Look a name up in every loaded list."""
    try:
        index = _index(_settings(data_dir))
    except BehindError as exc:
        _fail(exc)
        return
    hits = index.search(Query(name=name, schema=schema), threshold=threshold, limit=limit)
    if as_json:
        console.print_json(json.dumps([h.to_dict() for h in hits], ensure_ascii=False))
        return
    if not hits:
        console.print(f"No match for {name!r} at threshold {threshold} in {len(index):,} records.")
        return
    table = Table(title=f"Matches for {name!r}")
    for col in ("score", "list", "id", "name", "matched on", "programs"):
        table.add_column(col)
    for h in hits:
        d = h.to_dict()
        why = d["explanation"].get("name", {}).get("listed") or str(d["explanation"].get("identifier"))
        table.add_row(f"{h.score:.2f}", h.entity.source, h.entity.source_id, h.entity.name, why,
                      ", ".join(h.entity.programs))
    console.print(table)


@app.command()
def match(
    input: Annotated[Path, typer.Option("--input", "-i", help="Query lines (JSON): id, name, schema, identifiers")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Result lines (JSON): id, hits")],
    threshold: Annotated[float, typer.Option()] = DEFAULT_THRESHOLD,
    data_dir: DataDir = None,
) -> None:
    """Batch matching: one JSON line per query in, one line with its hits out."""
    try:
        index = _index(_settings(data_dir))
        queries = list(_read_queries(input))
    except BehindError as exc:
        _fail(exc)
        return
    start = time.perf_counter()
    tmp = output.with_name(output.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        for qid, query in queries:
            hits = index.search(query, threshold=threshold)
            fh.write(json.dumps({"id": qid, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False) + "\n")
    tmp.replace(output)
    elapsed = time.perf_counter() - start
    err.print(f"matched {len(queries):,} queries against {len(index):,} records in {elapsed:.1f} s "
              f"({len(queries) / max(elapsed, 1e-9):,.0f} queries/s) -> {output}")


def _read_queries(path: Path):  # type: ignore[no-untyped-def]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read queries: {exc}", file=str(path)) from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", file=str(path), row=n) from exc
        if not isinstance(q, dict) or "id" not in q:
            raise InputError("each line must be an object with an 'id'", file=str(path), row=n, field="id")
        idents = q.get("identifiers") or {}
        if not isinstance(idents, dict):
            raise InputError("identifiers must be an object", file=str(path), row=n, field="identifiers")
        yield str(q["id"]), Query(name=str(q.get("name") or ""), schema=q.get("schema"),
                                  identifiers={str(k): str(v) for k, v in idents.items()})


@app.command()
def explain(
    name: Annotated[str, typer.Argument(help="Name of a vendor, brand, subsidiary or listed party")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date of the screen, YYYY-MM-DD [default: today]")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    svg: Annotated[Optional[Path], typer.Option("--svg", help="Write a picture of the paths to this SVG file")] = None,
    data_dir: DataDir = None,
    config: ConfigOpt = None,
) -> None:
    """Show an entity, its listings and its exposure paths (ownership, brand, relabel) as of a date."""
    from datetime import date as _date

    from behind.graph.exposure import explain as run_explain
    from behind.graph.exposure import load_regimes
    from behind.graph.graph import Graph
    from behind.reports.svg import render

    try:
        day = _date.fromisoformat(as_of) if as_of else _date.today()
    except ValueError:
        err.print(f"[bold red]error:[/] --as-of must be a date like 2021-06-01, got {as_of!r}")
        raise typer.Exit(code=2) from None
    try:
        settings = _settings(data_dir, config)
        index = _index(settings)
    except BehindError as exc:
        _fail(exc)
        return
    hits = index.search(Query(name=name))
    if not hits:
        console.print(f"No listed or related record matches {name!r}.")
        raise typer.Exit(code=1)
    graph = Graph.build(index.entities, index.links)
    result = run_explain(graph, hits[0].entity.key, day, regimes=load_regimes(settings.regimes),
                         max_depth=settings.max_depth)
    if svg is not None:
        svg.write_text(render(result, graph), encoding="utf-8")
    data = {"query": name, "match": hits[0].to_dict(), **result.to_dict()}
    if as_json:
        console.print_json(json.dumps(data, ensure_ascii=False, default=str))
        return
    _print_explanation(data, graph)
    if svg is not None:
        console.print(f"picture of the paths: {svg}")


def _print_explanation(data: dict, graph) -> None:  # type: ignore[no-untyped-def,type-arg]
    def name_of(key: str) -> str:
        return f"{graph.entities[key].name} ({key})"

    def edge_text(e: dict) -> str:  # type: ignore[type-arg]
        dates = f" {e['start'] or '?'} → {e['end'] or 'now'}" if e["start"] or e["end"] else ""
        share = f" {e['share']:g}%" if e["share"] is not None else ""
        src = f" \\[source: {e['sources'][0]['url']}]" if e["sources"] else ""
        inherited = f" (dates of the {e['dates_from']} relation)" if e.get("dates_from") else ""
        return f"{name_of(e['subject'])} —{e['relation']}{share}{dates}{inherited}→ {name_of(e['object'])}{src}"

    console.print(f"[bold]{name_of(data['entity'])}[/] as of {data['as_of']}: [bold]{data['status']}[/]")
    if len(data["records"]) > 1:
        console.print("same entity on: " + ", ".join(data["records"]))
    for x in data["listings"]:
        console.print(f"  listed: {x['list']}" + (f" ({x['program']})" if x["program"] else "")
                      + (f" since {x['date']}" if x["date"] else "") + (f"; {x['citation']}" if x["citation"] else "")
                      + (f" \\[{x['source_url']}]" if x["source_url"] else ""))
    for x in data["exposures"]:
        mark = "[red]EXPOSED[/]" if x["applied"] else "[yellow]not applied[/]"
        what = (f"{x['listing']['list']}" + (f" ({x['listing']['program']})" if x['listing']['program'] else "")
                if x["listing"] else f"aggregate share {x['aggregate_share']}")
        console.print(f"  {mark} {x['regime_name']}: {what} — {x['why']}")
        for e in x["path"]:
            console.print(f"      {edge_text(e)}")
    for up in data["ownership_upward"]:
        lists = ", ".join(sorted({x["list"] for x in up["listings"]})) or "not listed"
        console.print(f"  owned by / part of: {name_of(up['owner'])} — {lists}")
    for h in data["history"]:
        if h["kind"] == "relation":
            console.print(f"  [dim]history: {edge_text(h['edge'])} — not in force: {h['why']}[/]")
        else:
            console.print(f"  [dim]history: listing {h['listing']['list']} — {h['why']}[/]")
    applied = [r for r in data["regimes"]]
    console.print("regimes: " + "; ".join(f"{r['name']}: {'applied' if r['applied'] else 'not applied'} ({r['why']})"
                                          for r in applied))


@app.command()
def screen(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, BibTeX or OpenAlex JSON file to screen")],
    kind: Annotated[str, typer.Option("--kind", help="parties, products, devices, holdings or collaborators")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Report file to write")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="csv, xlsx, json or html [default: from --output]")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Screen as of YYYY-MM-DD [default: each row's date, else today]")] = None,
    column: Annotated[Optional[list[str]], typer.Option("--column", help="Map a field to a header: field=Header")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Text encoding of a CSV that is not UTF-8, e.g. cp1252")] = None,
    sheet: Annotated[Optional[str], typer.Option(help="Worksheet of an XLSX file [default: the first]")] = None,
    engine: Annotated[str, typer.Option(help="local or spark")] = "local",
    workers: Annotated[int, typer.Option(help="Processes (local) or cores (spark)")] = 1,
    restart: Annotated[bool, typer.Option("--restart", help="Drop an unfinished run of this output and start over")] = False,
    data_dir: DataDir = None,
    config: ConfigOpt = None,
) -> None:
    """Screen a vendor, product, device, holding or collaborator file; write an audit-ready report.

    A killed run started again continues where it stopped.
    """
    from datetime import date as _date

    from behind.screening.inputs.tables import parse_mapping
    from behind.screening.runner import ScreenRequest, run_screen

    try:
        day = _date.fromisoformat(as_of) if as_of else None
    except ValueError:
        err.print(f"[bold red]error:[/] --as-of must be a date like 2021-06-01, got {as_of!r}")
        raise typer.Exit(code=2) from None
    report_format = (fmt or output.suffix.lstrip(".")).lower()
    if report_format not in ("csv", "xlsx", "json", "html"):
        err.print(f"[bold red]error:[/] --format must be csv, xlsx, json or html, got {report_format!r}")
        raise typer.Exit(code=2)
    try:
        settings = _settings(data_dir, config)
        meta = run_screen(settings, ScreenRequest(
            input=file, kind=kind, output=output, fmt=report_format, as_of=day,
            mapping=parse_mapping(column or []), encoding=encoding, sheet=sheet, engine=engine,
            workers=workers, restart=restart), console=err)
    except BehindError as exc:
        _fail(exc)
        return
    console.print(f"screened {meta.rows:,} rows as of {meta.as_of}: {meta.alerts:,} alerts -> {output}")


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the report")] = Path("behind-demo"),
    data_dir: DataDir = None,
) -> None:
    """Load the bundled lists, screen the bundled sample vendor file, print alerts, write a report."""
    from behind.cli.demo import run_demo

    try:
        settings = _settings(data_dir)
        run_demo(settings, output, console)
    except BehindError as exc:
        _fail(exc)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]

__all__ = ["app"]
