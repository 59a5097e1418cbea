"""Monitoring: after ``behind update`` loads new list versions, audit the loads and re-screen
every saved portfolio against them.

:func:`file_screener` screens a portfolio's stored bytes the way ``behind screen`` screens a
file (in a private temporary folder, JSON report); :func:`store_records` lets the cases
remember each listed record's names, identifiers and programs, so that a later version that
changes them reopens the case. :func:`after_update` does nothing when there is no team
database (no URL given and no ``team.db`` in the data folder).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from behind.config import Settings
from behind.model import Entity, Report
from behind.reports import run_screen
from behind.screening.request import ScreenRequest
from behind.store import Store, Version
from behind.team.audit import append
from behind.team.db import open_team_db, team_db_exists
from behind.team.fingerprints import RecordLookup
from behind.team.portfolios import ChangeReport, Portfolio, ScreenFn, rescreen_all

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """A plain file name for ``name``: no folders, no leading dots, only safe characters, suffix kept."""
    plain = Path(name.replace("\\", "/")).name
    suffix = _UNSAFE.sub("", Path(plain).suffix)[:10] if Path(plain).suffix != plain else ""
    stem = _UNSAFE.sub("_", plain[: len(plain) - len(Path(plain).suffix)]).strip("._")[:100]
    return (stem or "portfolio") + suffix


def file_screener(settings: Settings) -> ScreenFn:
    """Screens a portfolio's bytes with the portfolio's kind and options, against the active lists."""

    def screen(portfolio: Portfolio, content: bytes) -> Report:
        opts = portfolio.options
        with tempfile.TemporaryDirectory(prefix="behind-portfolio-") as tmp:
            source = Path(tmp) / safe_file_name(portfolio.file_name)
            source.write_bytes(content)
            output = Path(tmp) / "report.json"
            run_screen(settings, ScreenRequest(input=source, kind=portfolio.kind, output=output, fmt="json",
                                               mapping=opts.get("mapping"), encoding=opts.get("encoding"),
                                               sheet=opts.get("sheet")))
            report = Report.model_validate_json(output.read_text(encoding="utf-8"))
        report.meta.input = portfolio.file_name
        return report

    return screen


@contextmanager
def store_records(settings: Settings) -> Iterator[RecordLookup]:
    """Look listed records up in the store while the block runs."""
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        def lookup(source: str, source_id: str) -> Entity | None:
            return store.entity(source, source_id)

        yield lookup


def after_update(settings: Settings, database: str | None, loaded: list[Version], *,
                 actor: str = "behind update") -> list[ChangeReport] | None:
    """Audit each newly loaded version (``list.load``) and re-screen every saved portfolio.

    None when there is no team database; an empty list when no portfolio is saved."""
    if not team_db_exists(database, settings.data_dir):
        return None
    with open_team_db(database, settings.data_dir) as db:
        for v in loaded:
            append(db, actor, "list.load", f"list {v.source}",
                   {"version": v.id, "records": v.record_count, "sha256": v.sha256, "origin": v.origin,
                    "fetched_at": v.fetched_at, "published": v.published})
        if not loaded:
            return []
        trigger = "new list versions: " + ", ".join(f"{v.source} version {v.id}" for v in loaded)
        with store_records(settings) as records:
            return rescreen_all(db, file_screener(settings), trigger=trigger, records=records)


__all__ = ["after_update", "file_screener", "safe_file_name", "store_records"]
