"""behind.ingest.fetch against a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from behind.config import FetchSettings
from behind.errors import SourceError
from behind.ingest import Validators, fetch_file, fetch_many
from localhttp import Handler, Server, server  # noqa: F401 (fixture)

SDN = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "ofac" / "sdn" / "sdn.csv"
DATA = SDN.read_bytes()
SHA = hashlib.sha256(DATA).hexdigest()
ETAG = f'"{SHA[:16]}"'
LAST_MODIFIED = "Tue, 25 Nov 2025 12:30:00 GMT"
FAST = FetchSettings(timeout_s=5.0, retries=3, backoff_s=0)


def serve(h: Handler, body: bytes = DATA) -> None:
    if h.headers.get("If-None-Match") == ETAG:
        h.reply(304, headers={"ETag": ETAG})
        return
    h.reply(200, body, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})


def fail_then_serve(code: int, times: int) -> Callable[[Handler], None]:
    def route(h: Handler) -> None:
        if h.server.hits[h.path] <= times:
            h.reply(code, b"try later\n")
        else:
            serve(h)
    return route


def truncated(h: Handler) -> None:
    h.reply(200, DATA[: len(DATA) // 2], length=len(DATA))
    h.close_connection = True


def no_length(h: Handler) -> None:  # body delimited by connection close (HTTP/1.0)
    h.reply(200, DATA, send_length=False)


def slow(h: Handler) -> None:
    if not h.server.stopping.wait(2.0):
        serve(h)


def redirect(to: str) -> Callable[[Handler], None]:
    return lambda h: h.reply(302, headers={"Location": to})


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip.compress(bytes(50 * 1024 * 1024), compresslevel=6)


# --- helpers --------------------------------------------------------------------------

def assert_clean(directory: Path) -> None:
    left = sorted(p.name for p in directory.iterdir())
    assert left == [], f"left behind: {left}"


def expect_failure(server: Server, path: str, tmp_path: Path, settings: FetchSettings = FAST,
                   **kw: object) -> SourceError:
    url = server.url(path)
    with pytest.raises(SourceError) as info:
        fetch_file(url, tmp_path / "sdn.csv", source="us_ofac_sdn", settings=settings, **kw)  # type: ignore[arg-type]
    err = info.value
    assert "us_ofac_sdn" in str(err) and url in str(err)
    assert err.source == "us_ofac_sdn" and err.origin == url
    assert_clean(tmp_path)
    return err


# --- success --------------------------------------------------------------------------

def test_fetch_ok_with_validators(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.path == tmp_path / "sdn.csv" and got.path.read_bytes() == DATA
    assert got.sha256 == SHA and got.size == len(DATA) and not got.not_modified
    assert got.etag == ETAG and got.last_modified == LAST_MODIFIED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sdn.csv"]


def test_not_modified(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST,
                     validators=Validators(etag=ETAG, last_modified=LAST_MODIFIED))
    assert got.not_modified and got.path is None and got.etag == ETAG
    assert got.last_modified == LAST_MODIFIED
    assert_clean(tmp_path)


def test_retries_500_then_succeeds(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = fail_then_serve(500, 2)
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA and server.hits["/sdn.csv"] == 3


def test_retries_429_then_succeeds(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = fail_then_serve(429, 1)
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA and server.hits["/sdn.csv"] == 2


def test_redirect_chain(server: Server, tmp_path: Path) -> None:
    server.routes.update({"/a": redirect("/b"), "/b": redirect("/c"), "/c": redirect("/sdn.csv"),
                          "/sdn.csv": serve})
    got = fetch_file(server.url("/a"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA and got.origin == server.url("/a")


def test_no_content_length(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = no_length
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA


@pytest.mark.parametrize("as_url", [False, True])
def test_local_copy(tmp_path: Path, as_url: bool) -> None:
    origin = SDN.as_uri() if as_url else str(SDN)
    got = fetch_file(origin, tmp_path / "out" / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA and got.size == len(DATA) and got.origin == origin
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["sdn.csv"]


def test_supplied_client_left_open(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    with httpx.Client() as client:
        got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s",
                         settings=FAST, client=client)
        assert got.sha256 == SHA and not client.is_closed


# --- failures -------------------------------------------------------------------------

def test_always_503(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = lambda h: h.reply(503, b"down\n")
    err = expect_failure(server, "/sdn.csv", tmp_path)
    assert "HTTP 503 Service Unavailable after 4 attempts" in str(err)
    assert server.hits["/sdn.csv"] == 4


def test_404_not_retried(server: Server, tmp_path: Path) -> None:
    err = expect_failure(server, "/missing.csv", tmp_path)
    assert "HTTP 404 Not Found" in str(err) and server.hits["/missing.csv"] == 1


def test_truncated(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = truncated
    err = expect_failure(server, "/sdn.csv", tmp_path, FetchSettings(retries=1, backoff_s=0))
    assert f"got {len(DATA) // 2:,} of {len(DATA):,} bytes" in str(err)
    assert "truncated after 2 attempts" in str(err) and server.hits["/sdn.csv"] == 2


def test_oversize_by_content_length(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    err = expect_failure(server, "/sdn.csv", tmp_path, FetchSettings(max_bytes=2**20, backoff_s=0))
    assert "larger than the 1 MiB limit" in str(err) and server.hits["/sdn.csv"] == 1


def test_oversize_while_streaming(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = no_length
    err = expect_failure(server, "/sdn.csv", tmp_path, FetchSettings(max_bytes=2**20, backoff_s=0))
    assert "larger than the 1 MiB limit" in str(err)


def test_gzip_bomb(server: Server, tmp_path: Path, bomb: bytes) -> None:
    server.routes["/sdn.csv"] = lambda h: h.reply(200, bomb, {"Content-Encoding": "gzip"})
    err = expect_failure(server, "/sdn.csv", tmp_path, FetchSettings(max_bytes=2**20, backoff_s=0))
    assert len(bomb) < 2**20 and "larger than the 1 MiB limit" in str(err)


def test_gzip_within_limit_is_decoded(server: Server, tmp_path: Path) -> None:
    packed = gzip.compress(DATA)
    server.routes["/sdn.csv"] = lambda h: h.reply(200, packed, {"Content-Encoding": "gzip"})
    got = fetch_file(server.url("/sdn.csv"), tmp_path / "sdn.csv", source="s", settings=FAST)
    assert got.sha256 == SHA and got.size == len(DATA)


def test_timeout(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = slow
    err = expect_failure(server, "/sdn.csv", tmp_path,
                         FetchSettings(timeout_s=0.5, retries=0, backoff_s=0))
    assert "timed out after 1 attempt" in str(err)


def test_too_many_redirects(server: Server, tmp_path: Path) -> None:
    server.routes["/loop"] = redirect("/loop")
    err = expect_failure(server, "/loop", tmp_path)
    assert "too many redirects" in str(err) and server.hits["/loop"] == 6


def test_empty_body(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = lambda h: h.reply(200, b"")
    err = expect_failure(server, "/sdn.csv", tmp_path)
    assert "empty response body" in str(err) and server.hits["/sdn.csv"] == 1


def test_unexpected_304_without_validators(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = lambda h: h.reply(304)
    assert "HTTP 304" in str(expect_failure(server, "/sdn.csv", tmp_path))


def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as s:  # grab a free port, then close it so nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sdn.csv"
    with pytest.raises(SourceError) as info:
        fetch_file(url, tmp_path / "sdn.csv", source="us_ofac_sdn",
                   settings=FetchSettings(retries=1, backoff_s=0, timeout_s=2))
    assert "connection failed after 2 attempts" in str(info.value) and url in str(info.value)
    assert_clean(tmp_path)


@pytest.mark.parametrize("origin", ["missing.csv", "ftp://example.org/x.csv"])
def test_local_failures(tmp_path: Path, origin: str) -> None:
    origin = str(tmp_path / origin) if "://" not in origin else origin
    (tmp_path / "out").mkdir()
    with pytest.raises(SourceError) as info:
        fetch_file(origin, tmp_path / "out" / "sdn.csv", source="s", settings=FAST)
    assert origin in str(info.value)
    assert_clean(tmp_path / "out")


def test_local_oversize_and_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for origin, settings, reason in [(str(SDN), FetchSettings(max_bytes=1000), "larger than"),
                                     (empty.as_uri(), FAST, "empty file")]:
        with pytest.raises(SourceError, match=reason) as info:
            fetch_file(origin, tmp_path / "out" / "sdn.csv", source="s", settings=settings)
        assert origin in str(info.value)
        assert_clean(tmp_path / "out")


# --- fetch_many -----------------------------------------------------------------------

def test_fetch_many_ok(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    got = fetch_many({"sdn.csv": server.url("/sdn.csv"), "copy.csv": str(SDN)}, tmp_path,
                     source="s", validators={}, settings=FAST)
    assert {k: v.sha256 for k, v in got.items()} == {"sdn.csv": SHA, "copy.csv": SHA}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.csv", "sdn.csv"]


def test_fetch_many_not_modified(server: Server, tmp_path: Path) -> None:
    server.routes["/sdn.csv"] = serve
    got = fetch_many({"sdn.csv": server.url("/sdn.csv")}, tmp_path, source="s",
                     validators={"sdn.csv": Validators(etag=ETAG)}, settings=FAST)
    assert got["sdn.csv"].not_modified
    assert_clean(tmp_path)


@pytest.mark.parametrize("bad", ["/missing.csv", "/503", "/truncated", "/empty", "/slow"])
def test_fetch_many_all_or_nothing(server: Server, tmp_path: Path, bad: str) -> None:
    server.routes.update({"/sdn.csv": serve, "/503": lambda h: h.reply(503),
                          "/truncated": truncated, "/empty": lambda h: h.reply(200), "/slow": slow})
    origins = {"sdn.csv": server.url("/sdn.csv"), "copy.csv": str(SDN), "bad.csv": server.url(bad)}
    with pytest.raises(SourceError) as info:
        fetch_many(origins, tmp_path, source="us_ofac_sdn", validators={},
                   settings=FetchSettings(timeout_s=0.3, retries=1, backoff_s=0))
    assert "us_ofac_sdn" in str(info.value) and server.url(bad) in str(info.value)
    assert_clean(tmp_path)  # sdn.csv and copy.csv, fetched first, are gone again


def test_fetch_many_refuses_path_names(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="bad file name"):
        fetch_many({"../evil.csv": str(SDN)}, tmp_path / "stage", source="s", validators={},
                   settings=FAST)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("origin, reason", [
    ("ftp://example.org/sdn.csv", "unsupported URL scheme 'ftp'"),
    ("file://example.org/sdn.csv", "file URL with a remote host 'example.org'"),
    ("http://[::1/sdn.csv", "not a valid URL or path"),
])
def test_origins_that_cannot_be_fetched_are_source_errors(tmp_path: Path, origin: str, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as exc:
        fetch_file(origin, tmp_path / "sdn.csv", source="us_ofac_sdn")
    assert exc.value.origin == origin and exc.value.source == "us_ofac_sdn"
    assert list(tmp_path.iterdir()) == []
