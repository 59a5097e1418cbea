"""Download (or copy) the files of one official list into a staging directory.

Used by ``behind update``. Every file is written to ``<dest>.part`` while its SHA-256 is
computed, and renamed to ``dest`` only when complete; on any failure the ``.part`` file is
deleted and a :class:`~behind.errors.SourceError` naming the list and the URL or path is
raised. Nothing outside the given destination is touched. Connection errors, timeouts,
truncated bodies, HTTP 429 and 5xx are retried with exponential backoff; other errors are not.

``max_bytes`` counts *decoded* bytes, so a gzip bomb is stopped once the limit is passed
(memory per network chunk stays bounded by the deflate ratio, about 1000:1 of 64 KiB).
"""

from __future__ import annotations

import hashlib
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from behind.config import FetchSettings
from behind.errors import SourceError

if TYPE_CHECKING:  # httpx is imported where a download starts: a search never pays for it
    import httpx

_CHUNK = 64 * 1024
_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FileInfo:
    """One file of a list version, as stored: where it came from and what it was."""

    name: str
    origin: str
    sha256: str
    size: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Validators:
    """ETag / Last-Modified of the previous successful fetch of a URL, for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchedFile:
    """One fetched file. When ``not_modified`` (HTTP 304), ``path`` is None, ``sha256`` is ""
    and ``size`` is 0: the previously fetched copy is still current."""

    origin: str
    path: Path | None
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


class _Retryable(Exception):
    """A failure worth another attempt; ``what``/``detail`` build the final message."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what, self.detail = what, detail

    def final(self, attempts: int) -> str:
        tail = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
        return f"{self.what} {tail}: {self.detail}" if self.detail else f"{self.what} {tail}"


def _truncated(got: int, expected: int) -> _Retryable:
    return _Retryable("truncated", f"got {got:,} of {expected:,} bytes")


def _limit(n: int) -> str:
    return f"{n / 2**20:g} MiB" if n % 2**20 == 0 else f"{n:,} bytes"


def _local_path(origin: str, source: str) -> Path | None:
    """The local path an origin names, or None for an http(s) URL."""
    try:
        parts = urllib.parse.urlsplit(origin)
    except ValueError as exc:  # e.g. an unbalanced [ in the host
        raise SourceError(f"not a valid URL or path: {exc}", source=source, origin=origin) from None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return None
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise SourceError(f"file URL with a remote host {parts.netloc!r}", source=source, origin=origin)
        from urllib.request import url2pathname  # here: it brings http.client and ssl, which a search never needs

        return Path(url2pathname(parts.path))
    if scheme == "" or len(scheme) == 1:  # plain path, or a Windows drive letter
        return Path(origin)
    raise SourceError(f"unsupported URL scheme {scheme!r}", source=source, origin=origin)


def fetch_file(origin: str, dest: Path, *, source: str, validators: Validators | None = None,
               settings: FetchSettings = FetchSettings(),
               client: httpx.Client | None = None) -> FetchedFile:
    """Fetch ``origin`` (http(s) URL, ``file://`` URL or local path) to ``dest``.

    Only ``dest`` and ``dest.part`` are written (``dest.parent`` is created if missing).
    A supplied ``client`` is used as is (its own redirect limit applies) and left open;
    otherwise a client following at most 5 redirects is created and closed.
    """
    dest = Path(dest)
    part = dest.with_suffix(dest.suffix + ".part")
    try:
        local = _local_path(origin, source)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SourceError(f"cannot create {dest.parent}: {exc.strerror or exc}", source=source,
                              origin=origin) from exc
        if local is not None:
            return _copy_local(local, origin, dest, part, source, settings)
        if client is not None:
            return _fetch_http(client, origin, dest, part, source, validators, settings)
        with _make_client(settings) as own:
            return _fetch_http(own, origin, dest, part, source, validators, settings)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def fetch_many(origins: dict[str, str], staging: Path, *, source: str,
               validators: dict[str, Validators] | None = None,
               settings: FetchSettings = FetchSettings(),
               client: httpx.Client | None = None) -> dict[str, FetchedFile]:
    """Fetch every ``name -> origin`` into ``staging/name``; all or nothing.

    ``validators`` is keyed by logical name (the origin URL is accepted as key too). If any
    file fails, the files this call already wrote are deleted and the SourceError re-raised.
    """
    validators = validators or {}
    for name in origins:
        if not name or Path(name).name != name or name in (".", ".."):
            raise SourceError(f"bad file name {name!r}", source=source, origin=origins[name])
    result: dict[str, FetchedFile] = {}
    http = _make_client(settings) if client is None else client
    try:
        for name, origin in origins.items():
            v = validators.get(name) or validators.get(origin)
            result[name] = fetch_file(origin, Path(staging) / name, source=source,
                                      validators=v, settings=settings, client=http)
        return result
    except BaseException:
        for done in result.values():
            if done.path is not None:
                done.path.unlink(missing_ok=True)
        raise
    finally:
        if client is None:
            http.close()


def file_info(name: str, fetched: FetchedFile) -> FileInfo:
    """What the store keeps of a fetched file (``name`` is its logical name in the list)."""
    return FileInfo(name=name, origin=fetched.origin, sha256=fetched.sha256, size=fetched.size,
                    etag=fetched.etag, last_modified=fetched.last_modified)


def _make_client(settings: FetchSettings) -> httpx.Client:
    import httpx

    return httpx.Client(timeout=settings.timeout_s, follow_redirects=True,
                        max_redirects=_MAX_REDIRECTS, headers={"User-Agent": settings.user_agent})


def _spool(chunks: Iterable[bytes], part: Path, max_bytes: int,
           fail: Callable[[str], SourceError]) -> tuple[str, int]:
    """Write ``chunks`` to ``part``, hashing them; refuse past ``max_bytes``."""
    digest, size = hashlib.sha256(), 0
    with part.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise fail(f"larger than the {_limit(max_bytes)} limit")
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _copy_local(path: Path, origin: str, dest: Path, part: Path, source: str,
                settings: FetchSettings) -> FetchedFile:
    def fail(reason: str) -> SourceError:
        return SourceError(reason, source=source, origin=origin)

    try:
        if not path.is_file():
            raise fail("no such file" if not path.exists() else "not a regular file")
        if path.stat().st_size > settings.max_bytes:
            raise fail(f"larger than the {_limit(settings.max_bytes)} limit")
        with path.open("rb") as src:
            sha, size = _spool(iter(lambda: src.read(_CHUNK), b""), part, settings.max_bytes, fail)
    except OSError as exc:
        raise fail(f"cannot copy: {exc.strerror or exc}") from exc
    if size == 0:
        raise fail("empty file")
    part.replace(dest)
    return FetchedFile(origin, dest, sha, size, None, None, False)


def _fetch_http(client: httpx.Client, origin: str, dest: Path, part: Path, source: str,
                validators: Validators | None, settings: FetchSettings) -> FetchedFile:
    import httpx

    attempts = max(0, settings.retries) + 1
    last: _Retryable | None = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(settings.backoff_s * 2 ** (attempt - 1))
        try:
            return _attempt(client, origin, dest, part, source, validators, settings)
        except _Retryable as exc:
            part.unlink(missing_ok=True)
            last = exc
        except httpx.TooManyRedirects:
            raise SourceError("too many redirects", source=source, origin=origin) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # bad URL, unsupported redirect target, ...
            reason = f"request failed: {exc or type(exc).__name__}"
            raise SourceError(reason, source=source, origin=origin) from exc
    assert last is not None
    raise SourceError(last.final(attempts), source=source, origin=origin) from last


def _attempt(client: httpx.Client, origin: str, dest: Path, part: Path, source: str,
             validators: Validators | None, settings: FetchSettings) -> FetchedFile:
    """One GET. Raises _Retryable for transient trouble, SourceError for the rest."""
    import httpx

    headers = {"User-Agent": settings.user_agent}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    try:
        with client.stream("GET", origin, headers=headers, follow_redirects=True,
                           timeout=settings.timeout_s) as resp:
            return _read(resp, origin, dest, part, source, validators, settings)
    except httpx.TimeoutException as exc:
        raise _Retryable("timed out", str(exc) or type(exc).__name__) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise _Retryable("connection failed", str(exc) or type(exc).__name__) from exc


def _read(resp: httpx.Response, origin: str, dest: Path, part: Path, source: str,
          validators: Validators | None, settings: FetchSettings) -> FetchedFile:
    import httpx

    def fail(reason: str) -> SourceError:
        return SourceError(reason, source=source, origin=origin)

    status = f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
    etag = resp.headers.get("ETag")
    modified = resp.headers.get("Last-Modified")
    if resp.status_code == 304 and validators and (validators.etag or validators.last_modified):
        return FetchedFile(origin, None, "", 0, etag or validators.etag,
                           modified or validators.last_modified, True)
    if resp.status_code == 429 or resp.status_code >= 500:
        raise _Retryable(status)
    if resp.status_code != 200:
        raise fail(status)
    try:
        expected: int | None = int(resp.headers["Content-Length"])
    except (KeyError, ValueError):
        expected = None
    if expected is not None and expected > settings.max_bytes:
        raise fail(f"larger than the {_limit(settings.max_bytes)} limit (Content-Length {expected:,})")
    try:  # iter_bytes yields decoded bytes, so a gzip bomb trips max_bytes
        sha, size = _spool(resp.iter_bytes(_CHUNK), part, settings.max_bytes, fail)
    except (httpx.RemoteProtocolError, httpx.NetworkError) as exc:
        if expected is not None and resp.num_bytes_downloaded < expected:
            raise _truncated(resp.num_bytes_downloaded, expected) from exc
        raise
    except httpx.DecodingError as exc:
        raise fail(f"cannot decode body: {exc}") from exc
    except OSError as exc:
        raise fail(f"cannot write {part}: {exc.strerror or exc}") from exc
    if expected is not None and resp.num_bytes_downloaded != expected:
        raise _truncated(resp.num_bytes_downloaded, expected)
    if size == 0:
        raise fail("empty response body")
    part.replace(dest)
    return FetchedFile(origin, dest, sha, size, etag, modified, False)


__all__ = ["FetchedFile", "FileInfo", "Validators", "fetch_file", "fetch_many", "file_info"]
