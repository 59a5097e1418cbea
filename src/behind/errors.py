"""One error tree for Behind.

``BehindError`` is the root. Below it, errors are split by what the caller can
do about them:

- ``InputError``: a file the user gave us is wrong. Names the file, row and field.
- ``SourceError``: an official list could not be fetched or parsed. Names the list
  and the URL or path.
- ``HostileInputError``: a file tried something dangerous (XML entity expansion,
  external entities, an archive bomb). It is an ``InputError`` and is refused outright.
- ``StoreError``: the embedded store is missing, locked or inconsistent.
"""

from __future__ import annotations


class BehindError(Exception):
    """Root of every error Behind raises on purpose."""


class InputError(BehindError):
    """A file's content is wrong. Carries file, row (1-based line) and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.row = row
        self.field = field
        where = []
        if file:
            where.append(str(file))
        if row is not None:
            where.append(f"line {row}")
        if field:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class HostileInputError(InputError):
    """A file tried entity expansion, external entities or similar; refused."""


class SourceError(BehindError):
    """An official list could not be fetched or parsed; the active version is untouched."""

    def __init__(self, message: str, *, source: str | None = None, origin: str | None = None) -> None:
        self.reason = message
        self.source = source
        self.origin = origin
        where = " ".join(p for p in (source, f"({origin})" if origin else None) if p)
        super().__init__(f"{where}: {message}" if where else message)


class StoreError(BehindError):
    """The embedded store cannot do what was asked."""


__all__ = ["BehindError", "InputError", "HostileInputError", "SourceError", "StoreError"]
