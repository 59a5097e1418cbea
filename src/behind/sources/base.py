"""What every list reader returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from behind.model.entity import Entity


@dataclass
class ParsedList:
    """The records of one list file (or file set), ready for the store.

    ``published`` is the publisher's own date where the file carries one
    (the UN list's ``dateGenerated``, the curated file's ``compiled``).
    ``warnings`` are problems that did not stop the load (an FtM relation whose
    far end is missing, a remark that could not be parsed, a record whose values
    were cut to the length limits of :mod:`behind.ingest.limits`).
    """

    source: str
    entities: list[Entity]
    published: str | None = None
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entities)


#: (bytes read, bytes to read): called as a streamed reader goes through its file
Progress = Callable[[int, int], None]


@dataclass
class StreamedList:
    """The records of one list as a stream, for lists too large to hold (a million-entity FtM
    export). ``warnings`` and ``published`` are complete once ``entities`` is exhausted."""

    source: str
    entities: Iterator[Entity]
    published: str | None = None
    warnings: list[str] = field(default_factory=list)
