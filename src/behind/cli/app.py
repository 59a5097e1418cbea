"""The ``behind`` command line: a thin layer over the packages below.

The commands live in :mod:`~behind.cli.commands_lists` (update, import, export, lists,
restore), :mod:`~behind.cli.commands_match` (search, match, explain, method) and
:mod:`~behind.cli.commands_screen` (screen, demo); each is wrapped in
:func:`~behind.cli.errors.handle_errors`, so a Behind error prints ``error: <message>``
and exits with status 2.
"""

from __future__ import annotations

import typer

from behind.cli.commands_lists import export, import_, lists_, restore, update
from behind.cli.commands_match import explain, match, method, search
from behind.cli.commands_screen import demo, screen
from behind.cli.commands_sources import sources
from behind.cli.commands_serve import serve
from behind.cli.commands_team import audit_app, keys_app, portfolios_app

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Behind: screen vendors, brands, holdings and partners against restricted-party lists.")

app.command()(update)
app.command("import")(import_)
app.command()(export)
app.command("lists")(lists_)
app.command()(sources)
app.command()(restore)
app.command()(search)
app.command()(match)
app.command()(explain)
app.command()(method)
app.command()(screen)
app.command()(demo)
app.command()(serve)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(portfolios_app, name="portfolios")


def main() -> None:  # pragma: no cover - console entry point
    app()


__all__ = ["app", "main"]
