"""Commands that manage the loaded lists: ``update``, ``import``, ``export``, ``lists``, ``restore``."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from behind.cli.confirmations import age_text, check_curated, check_summary, print_check
from behind.cli.commands_team import Database, rescreen_portfolios
from behind.cli.console import console, err
from behind.cli.errors import ERROR_EXIT, handle_errors, print_error
from behind.cli.index_build import prepare_index
from behind.cli.options import AsJson, ConfigFile, DataDir, open_settings, open_store
from behind.cli.progress import import_bar
from behind.errors import BehindError, UsageError
from behind.ingest import UpdateOutcome, import_ftm, lists_to_update, load_bundled, origins_for, update_source
from behind.ingest.gleif import update_gleif
from behind.ingest.history import dated_api, parse_range, resolve_origins
from behind.sources.gleif import API, NAME as GLEIF
from behind.store import LoadResult, Version, export_ftm

#: warnings printed per loaded list; the rest are counted
WARNINGS_SHOWN = 20


def _report(outcome: UpdateOutcome[LoadResult]) -> None:
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
    for warning in outcome.warnings[:WARNINGS_SHOWN]:
        console.print(f"  [yellow]warning:[/] {escape(warning)}")
    if len(outcome.warnings) > WARNINGS_SHOWN:
        console.print(f"  [yellow]... and {len(outcome.warnings) - WARNINGS_SHOWN} more warnings[/]")


@handle_errors
def update(
    lists: Annotated[Optional[list[str]], typer.Argument(help="Lists to update [default: all with a URL]")] = None,
    from_path: Annotated[Optional[Path], typer.Option("--from", help="Load from a local file or folder")] = None,
    bundled: Annotated[bool, typer.Option("--bundled", help="Load the copies bundled with Behind")] = False,
    force: Annotated[bool, typer.Option("--force", help="Load even if the list shrank or did not change")] = False,
    max_shrink: Annotated[Optional[float], typer.Option(help="Largest share of records a new version may lose")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Load the list as it stood on this date (YYYY-MM-DD)")] = None,
    history: Annotated[Optional[str], typer.Option("--history", help="Load every version FROM..[TO] as one, with removal dates")] = None,
    lei: Annotated[Optional[list[str]], typer.Option("--lei", help="gleif: LEI records to fetch [default: the LEIs "
                                                                    "of the loaded records]")] = None,
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Fetch the current official lists (or load local or bundled copies) into the store.

    A failed, truncated or malformed download leaves the active version untouched. With a team
    database, each new version is an audit entry and the saved portfolios are re-screened.
    """
    settings = open_settings(data_dir, config)
    if lists == [GLEIF] or lei:  # the GLEIF register, through its API (behind.ingest.gleif)
        if lists != [GLEIF]:
            raise UsageError("--lei goes with the list gleif alone: `behind update gleif --lei LEI`", option="--lei")
        with open_store(settings) as store:
            leis = lei or sorted({i.value for e in store.entities() if e.source != GLEIF for i in e.identifiers
                                  if i.scheme == "lei"})
            _report(update_gleif(store, leis, settings=settings.fetch, api=settings.urls.get(GLEIF, {}).get("api", API),
                                 force=force, max_shrink=settings.max_shrink if max_shrink is None else max_shrink))
            prepare_index(settings, store)
        return
    specs = lists_to_update(lists, bundled=bundled)
    if from_path is not None and len(specs) != 1:
        raise UsageError("--from needs exactly one list name, e.g. `behind update us_ofac_sdn --from DIR`")
    if as_of or history:
        if bundled or len(specs) != 1:
            raise UsageError("--as-of and --history need exactly one list name, e.g. "
                             "`behind update us_bis_entity_list --as-of 2021-06-01`")
        dated_api(specs[0])  # a list whose publisher serves only the current version: UsageError
        if as_of and history:
            raise UsageError("give --as-of or --history, not both")
        if history:
            parse_range(history)
    failed = 0
    loaded: list[Version] = []
    with open_store(settings) as store:
        for spec in specs:
            try:
                if bundled:
                    outcome = load_bundled(store, spec, force=force)
                else:
                    origins = resolve_origins(spec, urls=settings.urls.get(spec.name), from_path=from_path,
                                              as_of=as_of, history=history, settings=settings.fetch)
                    outcome = update_source(store, spec, origins, settings=settings.fetch, force=force,
                                            max_shrink=settings.max_shrink if max_shrink is None else max_shrink,
                                            published=as_of)
                _report(outcome)
                if outcome.status == "loaded" and outcome.result is not None and outcome.result.changed:
                    loaded.append(outcome.result.version)
            except BehindError as exc:  # one list failing leaves the others to load
                failed += 1
                print_error(exc)
                active = store.active_version(spec.name)
                err.print(f"  {spec.name}: active version unchanged"
                          + (f" (version {active.id}, {active.record_count:,} records)" if active else " (none loaded)"))
        prepare_index(settings, store)
    rescreen_portfolios(settings, database, loaded)
    if failed:  # the others loaded; the run still failed, like any other error
        raise typer.Exit(code=ERROR_EXIT)


@handle_errors
def import_(
    path: Annotated[str, typer.Argument(help="FollowTheMoney JSON lines file or URL")],
    source: Annotated[str, typer.Option("--source", help="Name for this list in the store, e.g. us_dhs_uflpa")],
    force: Annotated[bool, typer.Option("--force")] = False,
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Load a FollowTheMoney export (for example an OpenSanctions dataset) as a list."""
    settings = open_settings(data_dir, config)
    with open_store(settings) as store:
        with import_bar(err, Path(path).name or path) as on_progress:
            outcome = import_ftm(store, path, source, settings=settings.fetch, force=force,
                                 max_shrink=settings.max_shrink, progress=on_progress)
        _report(outcome)
        prepare_index(settings, store)
    if outcome.status == "loaded" and outcome.result is not None and outcome.result.changed:
        rescreen_portfolios(settings, database, [outcome.result.version])


@handle_errors
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (FtM JSON lines)")],
    lists: Annotated[Optional[list[str]], typer.Option("--list", help="Only these lists")] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Write the active lists as FollowTheMoney JSON lines for FtM tools."""
    with open_store(open_settings(data_dir, config)) as store:
        n = export_ftm(store, output, lists or None)
    console.print(f"wrote {n:,} FtM entities to {escape(str(output))}")


def _version_json(v: Version, now: datetime) -> dict[str, Any]:
    data = asdict(v)
    data["relations"] = data.pop("relation_count")
    data["age_days"] = round(v.age_days(now), 1)
    data["age"] = age_text(v.loaded_at, v.fetched_at, v.published, now)
    return data


@handle_errors
def lists_(
    history: Annotated[bool, typer.Option("--history", help="Show every stored version")] = False,
    max_age_days: Annotated[Optional[int], typer.Option(help="Warn about lists older than this")] = None,
    check_curated_: Annotated[bool, typer.Option(
        "--check-curated", help="Check the curated listings against the loaded official lists")] = False,
    as_json: AsJson = False,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Show the loaded lists: versions, record counts, age."""
    settings = open_settings(data_dir, config)
    limit = settings.max_age_days if max_age_days is None else max_age_days
    with open_store(settings) as store:
        versions = store.versions() if history else store.active_versions()
        check = check_summary(check_curated(store, versions)) if check_curated_ else None
    now = datetime.now(timezone.utc)
    if as_json:
        rows = [_version_json(v, now) for v in versions]
        for row in rows:
            if check is not None and row["active"] and row["source"] in check:
                row["curated_check"] = check[row["source"]]
        console.print_json(json.dumps(rows))
        return
    if not versions:
        console.print("No lists loaded. Run `behind update` (or `behind update --bundled`).")
        return
    table = Table(title="Loaded lists" + (" (all versions)" if history else ""))
    for col in ("list", "version", "records", "by schema", "relations", "fetched", "age (days)", "age", "sha256"):
        table.add_column(col)
    stale = []
    for v in versions:
        age = v.age_days(now)
        old = v.active and age > limit
        if old:
            stale.append(v)
        table.add_row(escape(v.source) + ("" if v.active or not history else " (inactive)"), str(v.id),
                      f"{v.record_count:,}", ", ".join(f"{k} {n}" for k, n in sorted(v.counts.items())),
                      f"{v.relation_count:,}", v.fetched_at[:10], f"[red]{age:.0f}[/]" if old else f"{age:.0f}",
                      age_text(v.loaded_at, v.fetched_at, v.published, now), v.sha256[:12])
    console.print(table)
    if check is not None:
        print_check(check, {}, console)
    for v in stale:
        console.print(f"[yellow]warning:[/] {escape(v.source)} is {v.age_days(now):.0f} days old "
                      f"(limit {limit}); run `behind update {escape(v.source)}`")


@handle_errors
def restore(
    source: Annotated[str, typer.Argument(help="List name")],
    version: Annotated[Optional[int], typer.Option(help="Version id [default: the one before the active]")] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Make an earlier stored version of a list active again."""
    with open_store(open_settings(data_dir, config)) as store:
        v = store.restore(source, version)
        prepare_index(open_settings(data_dir, config), store)
    console.print(f"{escape(source)}: version {v.id} ({v.record_count:,} records, fetched {v.fetched_at}) is active")


__all__ = ["export", "import_", "lists_", "restore", "update"]
