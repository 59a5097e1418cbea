"""OFAC's two lists as Behind knows them: the SDN list and the consolidated non-SDN list.

Each record carries one listing per program: on the SDN list under ``us_ofac_sdn``;
on the consolidated list under ``us_ofac_ns_cmic`` for the Chinese military-industrial
complex programs (NS-CMIC) and ``us_ofac_cons`` for the others. Both lists carry
identifiers and relations, so their records come first when several lists match.
"""

from __future__ import annotations

from pathlib import Path

from behind.model.entity import Entity
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.ofac.reader import FILESETS, read_ofac
from behind.sources.spec import Reader, SourceSpec

#: the consolidated list's programs that make up the NS-CMIC list
CMIC_PROGRAMS = ("CMIC-EO13959", "CMIC-EO14032")
_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"


def sdn_listings(entity: Entity) -> list[Listing]:
    """One ``us_ofac_sdn`` listing per program of an SDN record."""
    return [Listing(list="us_ofac_sdn", program=p, date=entity.listed_on, end=None,
                    citation=f"OFAC SDN, program {p}", source_url=entity.source_url, record=entity.key)
            for p in entity.programs]


def cons_listings(entity: Entity) -> list[Listing]:
    """One listing per program of a consolidated-list record: NS-CMIC or the consolidated list."""
    return [Listing(list="us_ofac_ns_cmic" if p in CMIC_PROGRAMS else "us_ofac_cons", program=p,
                    date=entity.listed_on, end=None, citation=f"OFAC consolidated non-SDN list, program {p}",
                    source_url=entity.source_url, record=entity.key)
            for p in entity.programs]


def _reader(source: str) -> Reader:
    roles = {fname: role for role, fname in FILESETS[source].items()}

    def read(files: dict[str, Path], name: str) -> ParsedList:
        return read_ofac({roles[k]: p for k, p in files.items() if k in roles}, name)
    return read


def _files(source: str, folder: str) -> tuple[dict[str, str], dict[str, str]]:
    """(file name -> publisher's URL, file name -> bundled copy) of one set."""
    names = FILESETS[source].values()
    return {n: _EXPORTS + n.upper() for n in names}, {n: f"ofac/{folder}/{n}" for n in names}


_SDN_URLS, _SDN_BUNDLED = _files("us_ofac_sdn", "sdn")
_CONS_URLS, _CONS_BUNDLED = _files("us_ofac_cons", "consolidated")

_TERMS = "A work of the US Government: public domain in the US (17 U.S.C. 105), no restriction on use."

SDN = SourceSpec(
    name="us_ofac_sdn", title="OFAC Specially Designated Nationals (SDN) List",
    publisher="US Treasury, Office of Foreign Assets Control",
    urls=_SDN_URLS, bundled=_SDN_BUNDLED, required=("sdn.csv",), bundled_vintage="2021-07-07",
    read=_reader("us_ofac_sdn"), listings=sdn_listings, lead=True, priority=0, lists=("us_ofac_sdn",),
    home_url="https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
    format="CSV", terms=_TERMS)

CONSOLIDATED = SourceSpec(
    name="us_ofac_cons", title="OFAC Consolidated (non-SDN) Sanctions List, incl. NS-CMIC",
    publisher="US Treasury, Office of Foreign Assets Control",
    urls=_CONS_URLS, bundled=_CONS_BUNDLED, required=("cons_prim.csv",), bundled_vintage="2025-12-19",
    read=_reader("us_ofac_cons"), listings=cons_listings, lead=True, priority=1,
    lists=("us_ofac_cons", "us_ofac_ns_cmic"),
    home_url="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists", format="CSV", terms=_TERMS)

__all__ = ["CMIC_PROGRAMS", "CONSOLIDATED", "SDN", "cons_listings", "sdn_listings"]
