"""Commands that screen files: ``screen`` and ``demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from behind.cli.console import console, err
from behind.cli.demo import run_demo
from behind.cli.errors import handle_errors
from behind.cli.options import ConfigFile, DataDir, open_settings, parse_as_of
from behind.cli.progress import progress_bar
from behind.errors import OutputError, UsageError
from behind.reports import FORMATS, run_screen
from behind.screening import ScreenRequest
from behind.screening.inputs import parse_mapping


@handle_errors
def screen(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, BibTeX or OpenAlex JSON file to screen")],
    kind: Annotated[str, typer.Option("--kind", help="parties, products, devices, holdings, collaborators or suppliers")],
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
    config: ConfigFile = None,
) -> None:
    """Screen a vendor, product, device, holding, collaborator or supplier-tree file; write an audit-ready report.

    A killed run started again continues where it stopped (refused when a list changed since: pass
    --restart). Two runs of one --output are refused; so is an --output that is the input file, in
    the data folder, or a folder.
    """
    day = parse_as_of(as_of)
    if fmt is None and output.is_dir():  # said before "--format must be ...", which would not help
        raise OutputError(f"refusing to write the report to {output}: it is an existing folder; give the report "
                          f"a file name, e.g. {output / 'report.csv'}", path=str(output))
    report_format = (fmt or output.suffix.lstrip(".")).lower()
    if report_format not in FORMATS:
        raise UsageError(f"--format must be {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, got {report_format!r}")
    settings = open_settings(data_dir, config)
    request = ScreenRequest(input=file, kind=kind, output=output, fmt=report_format, as_of=day,
                            mapping=parse_mapping(column or []), encoding=encoding, sheet=sheet, engine=engine,
                            workers=workers, restart=restart)
    with progress_bar(err, file.name) as on_progress:
        meta = run_screen(settings, request, on_progress)
    console.print(f"screened {meta.rows:,} rows as of {meta.as_of}: {meta.alerts:,} alerts -> {escape(str(output))}")


@handle_errors
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the report")] = Path("behind-demo"),
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Load the bundled lists, screen the bundled sample vendor file, print alerts, write a report."""
    run_demo(open_settings(data_dir, config), output, console)


__all__ = ["demo", "screen"]
