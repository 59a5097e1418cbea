"""One error tree for Behind.

``BehindError`` is the root. Below it, errors are split by what the caller can
do about them, and each carries its context as fields and the HTTP status the API
answers with (``status``):

- ``InputError`` (422): a file or value the user gave us is wrong. Names the file,
  row and field.

  - ``HostileInputError`` (400): a file tried something dangerous (XML entity
    expansion, external entities, an archive bomb); refused outright.
  - ``ConfigError`` (422): a settings file or setting is wrong.
  - ``UsageError`` (400): an option or argument has a value Behind does not know
    (an unknown kind, report format, engine or date).

- ``NotFoundError`` (404): something asked for by name is not there (an unknown
  list, a version that was never stored).
- ``SourceError`` (502): an official list could not be fetched or parsed. Names the
  list and the URL or path; the active version is untouched.
- ``StoreError`` (500): the embedded store is missing, locked or inconsistent.

  - ``NotReadyError`` (503): nothing is loaded yet (run ``behind update``).

- ``OutputError`` (400): a report cannot be written where asked: the path is the input,
  lies in the store's folder, is a folder, or cannot be created. Names the path.
- ``BusyError`` (409): another run is writing the same report. Names the path.

Every error turns into a plain dict with :meth:`BehindError.to_dict`, which the API
and the CLI's ``--json`` modes use.
"""

from __future__ import annotations

from typing import Any, ClassVar


class BehindError(Exception):
    """Root of every error Behind raises on purpose."""

    status: ClassVar[int] = 500
    kind: ClassVar[str] = "error"

    def __init__(self, message: str) -> None:
        self.reason = message
        super().__init__(message)

    def to_dict(self) -> dict[str, Any]:
        """``{"error": kind, "message": ..., "status": ...}`` plus the error's own fields."""
        fields = {k: v for k, v in vars(self).items() if k != "reason" and not k.startswith("_") and v is not None}
        return {"error": self.kind, "message": str(self), "status": self.status, **fields}


def _where(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


class InputError(BehindError):
    """A file's content or a value is wrong. Carries file, row (1-based line) and field."""

    status = 422
    kind = "input"

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.field = field
        prefix = _where(str(file) if file else None, f"line {row}" if row is not None else None,
                        f"field {field!r}" if field else None)
        self.args = (f"{prefix}: {message}" if prefix else message,)


class HostileInputError(InputError):
    """A file tried entity expansion, external entities or similar; refused."""

    status = 400
    kind = "hostile_input"


class ConfigError(InputError):
    """A settings file or a setting is wrong."""

    kind = "config"


class UsageError(InputError):
    """An option or argument has a value Behind does not know."""

    status = 400
    kind = "usage"

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message, field=option)
        self.option = option


class NotFoundError(BehindError):
    """Something asked for by name is not there: an unknown list, a version never stored."""

    status = 404
    kind = "not_found"

    def __init__(self, message: str, *, what: str | None = None, name: str | None = None) -> None:
        super().__init__(message)
        self.what = what
        self.name = name


class SourceError(BehindError):
    """An official list could not be fetched or parsed; the active version is untouched."""

    status = 502
    kind = "source"

    def __init__(self, message: str, *, source: str | None = None, origin: str | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.origin = origin
        where = " ".join(p for p in (source, f"({origin})" if origin else None) if p)
        self.args = (f"{where}: {message}" if where else message,)


class StoreError(BehindError):
    """The embedded store cannot do what was asked."""

    status = 500
    kind = "store"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotReadyError(StoreError):
    """Nothing is loaded yet: run ``behind update`` (or ``behind update --bundled``) first."""

    status = 503
    kind = "not_ready"


class OutputError(BehindError):
    """A report (or its checkpoint) cannot be written where asked: the path is the input file, lies
    inside the store's folder, is an existing folder, or its folder cannot be created or written."""

    status = 400
    kind = "output"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class BusyError(BehindError):
    """Another run holds the lock on the same report and its checkpoint; this one is refused."""

    status = 409
    kind = "busy"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


__all__ = ["BehindError", "BusyError", "ConfigError", "HostileInputError", "InputError", "NotFoundError",
           "NotReadyError", "OutputError", "SourceError", "StoreError", "UsageError"]
