"""The lists Behind knows, collected from their modules, and what is asked of them by list name.

Each list's module declares its :class:`~behind.sources.spec.SourceSpec` (files, reader,
listing rule, rank, list keys); this module only collects them, in the order they are loaded
and reported, and answers for a record or a list name:

- :func:`listings_of`: the listings a record carries, by its list's rule. A record of a list
  that is not here (a FollowTheMoney import under a name of the user's choosing) follows
  the FtM rule;
- :func:`source_rank`: how a list's records rank when several lists match equally well;
- :func:`source_of_list`: which list carries a list key (``us_ofac_ns_cmic`` -> ``us_ofac_cons``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from behind.errors import NotFoundError
from behind.model.entity import Entity
from behind.model.listing import Listing
from behind.sources import bis_dpl, csl, curated, gleif, un
from behind.sources import fcc_covered, uflpa
from behind.sources import eu_fsf, gb_fcdo
from behind.sources import dod_1260h, ecfr_entity_list
from behind.sources.ftm import ftm_listings
from behind.sources.ofac.lists import CONSOLIDATED, SDN
from behind.sources.spec import SourceSpec

SOURCES: dict[str, SourceSpec] = {s.name: s for s in (SDN, CONSOLIDATED, csl.SPEC, un.SPEC, bis_dpl.SPEC,
                                                      uflpa.SPEC, fcc_covered.SPEC, eu_fsf.SPEC, gb_fcdo.SPEC,
                                                      ecfr_entity_list.SPEC, dod_1260h.SPEC, curated.SPEC)}
#: registers that name companies but list none (GLEIF), fetched on demand, never bundled
REGISTERS: dict[str, SourceSpec] = {gleif.SPEC.name: gleif.SPEC}
#: list key -> the name of the list whose records carry it
_LIST_SOURCES: dict[str, str] = {key: s.name for s in SOURCES.values() for key in s.lists}
_LIST_SOURCES.update({s.name: s.name for s in SOURCES.values() if s.name in s.lists})  # a list owns its own key
#: the rank of a list that declares none (an FtM import)
_UNRANKED = (1, 9)


def data_path(relative: str) -> Path:
    """Path of a file bundled in the package's ``data`` folder."""
    return Path(str(resources.files("behind") / "data" / relative))


def get_source(name: str) -> SourceSpec:
    """The list called ``name``; :class:`NotFoundError` naming the known lists if there is none."""
    try:
        return SOURCES[name]
    except KeyError:
        raise NotFoundError(f"unknown list {name!r}; known lists: {', '.join(SOURCES)}",
                            what="list", name=name) from None


def listings_of(entity: Entity) -> list[Listing]:
    """The listings ``entity`` carries, by the rule of its list (the FtM rule for lists not here)."""
    spec = SOURCES.get(entity.source) or REGISTERS.get(entity.source)
    return spec.listings(entity) if spec is not None else ftm_listings(entity)


def source_rank(source: str) -> tuple[int, int]:
    """(group, priority) of a list for tie-breaks, lowest first: the lists that carry identifiers
    and relations (OFAC's, the curated set) are group 0, the others group 1; then each list's
    priority (SDN 0, consolidated 1, UN 2, CSL 3, DPL 4; 9 for any other)."""
    spec = SOURCES.get(source) or REGISTERS.get(source)
    return spec.rank if spec is not None else _UNRANKED


def source_of_list(list_key: str) -> str | None:
    """The list whose records carry ``list_key`` (``us_bis_entity_list`` -> ``us_trade_csl``);
    None for a key no loaded list publishes (``us_dod_1260h``: only the curated file names it)."""
    return _LIST_SOURCES.get(list_key)


__all__ = ["REGISTERS", "SOURCES", "SourceSpec", "data_path", "get_source", "listings_of", "source_of_list", "source_rank"]
