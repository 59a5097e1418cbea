"""A real HTTP server on 127.0.0.1 whose answers each test scripts (for fault injection)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = self.path.split("?")[0]
        self.server.hits[path] += 1
        route = self.server.routes.get(path)
        if route is None:
            self.reply(404, b"no such path\n")
        else:
            route(self)

    def reply(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None,
              length: int | None = None, send_length: bool = True) -> None:
        """Send ``body``; Content-Length is len(body) unless ``length`` says otherwise."""
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if send_length:
            self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # silence the access log
        pass


class Server(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Callable[[Handler], None]] = {}
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size limit, timeout) are expected here


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield srv
    finally:
        srv.stopping.set()  # wake slow handlers
        srv.shutdown()
        srv.server_close()  # joins handler threads
        thread.join()


# --- route behaviours ---------------------------------------------------------------
