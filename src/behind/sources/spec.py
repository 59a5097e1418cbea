"""What a list module declares about its list: a :class:`SourceSpec`.

Each list's module (``ofac``, ``csl``, ``un``, ``bis_dpl``, ``curated``) builds
its own spec: where the publisher serves the files, the bundled copies, the
reader, the rule that turns a record into :class:`~behind.model.listing.Listing`
objects, how its records rank when two lists match a name equally well, and the
list keys it publishes. :mod:`behind.sources.registry` only collects them.

A list is fetched as a set of named files (OFAC's SDN set is four CSVs); the
reader gets a mapping from file name to the local path of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from behind.model.entity import Entity
from behind.model.listing import Listing
from behind.sources.base import ParsedList

#: (file name -> local path, list name) -> the parsed list
Reader = Callable[[dict[str, Path], str], ParsedList]
#: a record -> the listings it carries
ListingRule = Callable[[Entity], list[Listing]]


def plain_listings(entity: Entity) -> list[Listing]:
    """One listing per program under the list's own key (``un_sc``, ``us_bis_dpl``), since the
    record's listing date; one under the list's name where the record has no program."""
    return [Listing(list=entity.source, program=p, date=entity.listed_on, end=None, citation=None,
                    source_url=entity.source_url, record=entity.key)
            for p in entity.programs or [entity.source]]


def single_file(files: dict[str, Path]) -> Path:
    """The one file of a list that is published as one file."""
    (path,) = files.values()
    return path


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    publisher: str
    #: logical file name -> the publisher's URL
    urls: dict[str, str]
    #: logical file name -> path of the bundled copy under ``behind/data``
    bundled: dict[str, str]
    #: file names that must be present; the others are optional
    required: tuple[str, ...]
    #: the bundled snapshot's date, from the publisher's file or its provenance
    bundled_vintage: str
    read: Reader
    #: the listings each record of this list carries
    listings: ListingRule = plain_listings
    #: an official list that carries identifiers and relations: its records come first when
    #: records of several lists match equally well
    lead: bool = False
    #: the order among lists of the same group (0 first); 9 for lists with no declared order
    priority: int = 9
    #: the list keys this list's records are listed on (its :attr:`listings` use them)
    lists: tuple[str, ...] = ()
    #: the publisher's page for the list (where a user reads about it), for ``behind sources``
    home_url: str = ""
    #: the format the publisher serves ("CSV", "XML", "HTML", "YAML", ...)
    format: str = ""
    #: the publisher's terms of use, in a sentence
    terms: str = ""
    #: whether ``behind update NAME --as-of DATE`` can load the list as it stood on a past date
    supports_as_of: bool = False

    @property
    def rank(self) -> tuple[int, int]:
        """(group, priority) for tie-breaks: lead lists are group 0, the others group 1."""
        return (0 if self.lead else 1, self.priority)


__all__ = ["ListingRule", "Reader", "SourceSpec", "plain_listings", "single_file"]
