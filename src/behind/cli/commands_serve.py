"""``behind serve``: the team service (API and web app) on uvicorn.

The command checks what it can first (options, lists loaded, the team database reachable and
migrated), then lets uvicorn import :mod:`behind.api.main` by name: the web stack (FastAPI,
Starlette, Jinja2) loads only when serving, not for every other command."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from behind.cli.commands_team import Database
from behind.cli.console import err
from behind.cli.errors import handle_errors
from behind.cli.options import ConfigFile, DataDir, open_settings, open_store
from behind.errors import UsageError
from behind.team.db import open_team_db

MIB = 1024 * 1024
APP = "behind.api.main:app_from_environment"


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the service to the network")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    database: Database = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="Largest upload accepted (413 beyond)")] = 50,
    https: Annotated[bool, typer.Option("--https", help="Mark the session cookie Secure (behind an HTTPS proxy)")]
    = False,
    workers: Annotated[int, typer.Option(help="Server processes, each with its own copy of the index")] = 1,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Serve the API (yente-compatible /match, /reconcile, /screenings...) and the web app (/ui/)."""
    import uvicorn

    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be 1 to 65535, got {port}", option="--port")
    if not 1 <= workers <= 64:
        raise UsageError(f"--workers must be 1 to 64, got {workers}", option="--workers")
    if max_upload_mb < 1:
        raise UsageError("--max-upload-mb must be at least 1", option="--max-upload-mb")
    settings = open_settings(data_dir, config)
    with open_store(settings) as store:
        versions = store.require_loaded()
    with open_team_db(database, settings.data_dir) as db:  # created and migrated now, errors said now
        where = db.url
    os.environ.update({"BEHIND_SERVE_DATA_DIR": str(settings.data_dir), "BEHIND_SERVE_CONFIG": str(config or ""),
                       "BEHIND_SERVE_DATABASE": database or "", "BEHIND_SERVE_MAX_UPLOAD": str(max_upload_mb * MIB),
                       "BEHIND_SERVE_HTTPS": "1" if https else "0"})
    records = sum(v.record_count for v in versions)
    err.print(f"serving {records:,} records of {len(versions)} lists on http://{host}:{port}/ "
              f"(web app: /ui/, API docs: /docs; team database: {where})", soft_wrap=True)
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level="warning", access_log=False)


__all__ = ["APP", "serve"]
