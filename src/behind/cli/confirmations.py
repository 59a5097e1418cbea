"""How the CLI states list versions and the confirmation of curated listings by official lists."""

from __future__ import annotations

from datetime import datetime, timezone

from collections import Counter
from typing import Any

from rich.markup import escape

from behind.graph import Graph, confirm_all
from behind.model import Confirmation, EntityExplanation, ListInfo
from behind.sources import SOURCES, listings_of
from behind.store import Store, Version


def _days(n: float) -> str:
    d = int(n)
    return "today" if d == 0 else "1 day ago" if d == 1 else f"{d:,} days ago"


def version_label(info: ListInfo) -> str:
    """``version 7, snapshot of 2026-07-28`` (the publisher's date where known, else the fetch date)."""
    when = f"snapshot of {info.published[:10]}" if info.published else f"fetched {info.fetched_at[:10]}"
    return f"version {info.version}, {when}"


def age_text(loaded_at: str, fetched_at: str, published: str | None, now: datetime | None = None) -> str:
    """``loaded 3 days ago, snapshot of 2019-08-13``: when the version was loaded and how old its data is."""
    now = now or datetime.now(timezone.utc)
    loaded = datetime.fromisoformat(loaded_at)
    if loaded.tzinfo is None:
        loaded = loaded.replace(tzinfo=timezone.utc)
    text = f"loaded {_days((now - loaded).total_seconds() / 86400)}"
    return text + (f", snapshot of {published[:10]}" if published else f", fetched {fetched_at[:10]}")


def with_versions(x: EntityExplanation, lists: list[ListInfo]) -> EntityExplanation:
    """The explanation with each confirmation's official list labelled by its loaded version."""
    infos = {info.source: info for info in lists}
    out = []
    for c in x.confirmations:
        info = infos.get(c.by)
        update: dict[str, object] = {"version": version_label(info) if info else None}
        snapshot = (info.published or info.fetched_at)[:10] if info else None
        if c.status == "not found" and snapshot and c.listing.date and snapshot < c.listing.date:
            update["differences"] = [*c.differences, f"the loaded version (of {snapshot}) predates this listing"]
        out.append(c.model_copy(update=update))
    return x.model_copy(update={"confirmations": out})


def confirmation_line(c: Confirmation) -> str:
    """One line of ``behind explain`` for a curated listing checked against an official list (Rich markup)."""
    what = c.listing.list + (f" since {c.listing.date}" if c.listing.date else "")
    by = c.by + (f" {c.version}" if c.version else "")
    if c.status == "confirmed":
        return f"  curated {escape(what)}: [green]confirmed by {escape(by)}[/]"
    if c.status == "contradicted":
        return f"  curated {escape(what)}: [red]contradicted by {escape(by)}[/]: {escape('; '.join(c.differences))}"
    return f"  curated {escape(what)}: [yellow]not found on {escape(by)}[/] ({escape('; '.join(c.differences))})"


def check_curated(store: Store, versions: list[Version]) -> list[Confirmation]:
    """Every curated listing checked against the active official lists that publish its list key."""
    curated = list(store.entities("curated"))
    keys = {x.list for e in curated for x in listings_of(e)}
    active = {v.source: v for v in versions if v.active}
    names = [n for n, spec in SOURCES.items() if n in active and n != "curated" and keys & set(spec.lists)]
    if not curated or not names:
        return []
    graph = Graph.build(curated + [e for n in names for e in store.entities(n)])
    return confirm_all(graph, {n: _label(active[n]) for n in names})


def _label(v: Version) -> str:
    return f"version {v.id}, " + (f"snapshot of {v.published[:10]}" if v.published else f"fetched {v.fetched_at[:10]}")


def check_summary(checks: list[Confirmation]) -> dict[str, dict[str, Any]]:
    """Per official list: how many curated listings it confirms, contradicts, or does not name, and
    each contradiction (record, list key, dates, what differs)."""
    out: dict[str, dict[str, Any]] = {}
    for c in checks:
        row = out.setdefault(c.by, {"version": c.version, "confirmed": 0, "contradicted": 0, "not found": 0,
                                    "contradictions": []})
        row[c.status] += 1
        if c.status == "contradicted":
            row["contradictions"].append({"record": c.listing.record, "list": c.listing.list,
                                          "date": c.listing.date, "differences": c.differences})
    return out


def print_check(summary: dict[str, dict[str, Any]], names: dict[str, str], console: Any) -> None:
    """The curated check under ``behind lists``: one line per official list, one per contradiction."""
    if not summary:
        console.print("curated listings: no loaded official list publishes their list keys")
        return
    console.print("curated listings checked against the official lists:")
    for source, row in sorted(summary.items()):
        counts = Counter({k: row[k] for k in ("confirmed", "contradicted", "not found")})
        console.print(f"  {escape(source)} ({escape(row['version'] or '')}): " + ", ".join(
            f"{n} {k}" for k, n in counts.items()))
        for c in row["contradictions"]:
            console.print(f"    [red]contradicted[/]: {escape(names.get(c['record'], c['record']))} {escape(c['list'])}"
                          f"{escape(' since ' + c['date']) if c['date'] else ''}: {escape('; '.join(c['differences']))}")


__all__ = ["age_text", "check_curated", "check_summary", "confirmation_line", "print_check", "version_label",
           "with_versions"]
