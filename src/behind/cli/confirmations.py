"""How the CLI states list versions and the confirmation of curated listings by official lists."""

from __future__ import annotations

from datetime import datetime, timezone

from rich.markup import escape

from behind.model import Confirmation, EntityExplanation, ListInfo


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


__all__ = ["age_text", "confirmation_line", "version_label", "with_versions"]
