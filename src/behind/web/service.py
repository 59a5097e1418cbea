"""What one running service holds: settings, the team database, the screener built once at start,
the job worker, and who makes a request (an API key, or a web session for safe methods).

The API (:mod:`behind.api`) and the web pages share it through ``app.state.service``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from behind.config import Settings
from behind.graph.graph import Graph
from behind.model.entity import Entity
from behind.model.results import ListInfo
from behind.screening.factory import build_screener
from behind.screening.screener import Screener
from behind.team.db import TeamDB, open_team_db
from behind.team.jobs import JobWorker
from behind.team.keys import authenticate
from behind.team.roles import Principal
from behind.team.sessions import WebSession, load_session

#: the largest upload accepted (a bigger one is answered 413)
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SESSION_COOKIE = "behind_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Service:
    settings: Settings
    db: TeamDB
    screener: Screener
    lists: list[ListInfo]
    worker: JobWorker | None = None
    max_upload: int = MAX_UPLOAD_BYTES
    #: set when a web page is served over HTTPS (the session cookie is then ``Secure``)
    secure_cookies: bool = False

    @property
    def graph(self) -> Graph:
        return self.screener.graph

    def entity(self, key: str) -> Entity | None:
        """The loaded record ``source:source_id`` (read from the store when asked for)."""
        return self.screener.graph.entities.get(key)

    def datasets(self) -> list[str]:
        return [info.source for info in self.lists]

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.db.close()


def open_service(settings: Settings, database_url: str | None = None, *, max_upload: int = MAX_UPLOAD_BYTES,
                 secure_cookies: bool = False) -> Service:
    """Build the screener over the active lists (once) and open the team database (migrated)."""
    screener, lists = build_screener(settings, None)
    db = open_team_db(database_url, Path(settings.data_dir))
    return Service(settings, db, screener, lists, max_upload=max_upload, secure_cookies=secure_cookies)


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def request_key(request: Request) -> str | None:
    """The key of ``Authorization: ApiKey KEY`` (``Bearer`` is read too), or None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("apikey", "bearer") and value.strip():
        return value.strip()
    return None


def web_session(service: Service, request: Request) -> tuple[WebSession, Principal] | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    return load_session(service.db, cookie) if cookie else None


def principal_of(service: Service, request: Request) -> Principal | None:
    """Who makes the request: the API key's owner; else, for a safe method (GET), the web session's
    (so the web app can link to reports and poll progress). A form post checks its own CSRF token."""
    key = request_key(request)
    if key is not None:
        return authenticate(service.db, key)
    if request.method in SAFE_METHODS:
        found = web_session(service, request)
        if found is not None:
            return found[1]
    return None


__all__ = ["MAX_UPLOAD_BYTES", "SAFE_METHODS", "SESSION_COOKIE", "Service", "get_service", "open_service",
           "principal_of", "request_key", "web_session"]
