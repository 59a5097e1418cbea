"""``behind serve``: the team service (API and web app) on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from behind.api import create_app
from behind.cli.commands_team import Database
from behind.cli.console import err
from behind.cli.errors import handle_errors
from behind.cli.options import ConfigFile, DataDir, open_settings
from behind.errors import UsageError
from behind.web.service import open_service

MIB = 1024 * 1024


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the service to the network")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    database: Database = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="Largest upload accepted (413 beyond)")] = 50,
    https: Annotated[bool, typer.Option("--https", help="Mark the session cookie Secure (behind an HTTPS proxy)")]
    = False,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Serve the API (yente-compatible /match, /reconcile, /screenings...) and the web app (/ui/)."""
    import uvicorn

    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be 1 to 65535, got {port}", option="--port")
    if max_upload_mb < 1:
        raise UsageError("--max-upload-mb must be at least 1", option="--max-upload-mb")
    service = open_service(open_settings(data_dir, config), database, max_upload=max_upload_mb * MIB,
                           secure_cookies=https)
    records = sum(li.records for li in service.lists)
    err.print(f"serving {records:,} records of {len(service.lists)} lists on http://{host}:{port}/ "
              f"(web app: /ui/, API docs: /docs; team database: {service.db.url})", soft_wrap=True)
    try:
        uvicorn.run(create_app(service), host=host, port=port, log_level="warning", access_log=False)
    finally:
        service.db.close()


__all__ = ["serve"]
