"""The lists Behind knows: their files, publishers' URLs, bundled copies and readers.

A list is fetched as a set of named files (OFAC's SDN set is four CSVs); the
reader gets a mapping from file name to the local path of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from behind.sources.base import ParsedList

Reader = Callable[[dict[str, Path], str], ParsedList]


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


def _ofac(source: str) -> Reader:
    def read(files: dict[str, Path], name: str) -> ParsedList:
        from behind.sources.ofac.reader import FILESETS, read_ofac
        roles = {fname: role for role, fname in FILESETS[source].items()}
        return read_ofac({roles[k]: p for k, p in files.items() if k in roles}, name)
    return read


def _single(loader: str, attr: str) -> Reader:
    def read(files: dict[str, Path], name: str) -> ParsedList:
        import importlib
        func = getattr(importlib.import_module(loader), attr)
        (path,) = files.values()
        result: ParsedList = func(path, name)
        return result
    return read


_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

SOURCES: dict[str, SourceSpec] = {s.name: s for s in (
    SourceSpec(
        name="us_ofac_sdn", title="OFAC Specially Designated Nationals (SDN) List",
        publisher="US Treasury, Office of Foreign Assets Control",
        urls={"sdn.csv": _OFAC + "SDN.CSV", "alt.csv": _OFAC + "ALT.CSV", "add.csv": _OFAC + "ADD.CSV",
              "sdn_comments.csv": _OFAC + "SDN_COMMENTS.CSV"},
        bundled={"sdn.csv": "ofac/sdn/sdn.csv", "alt.csv": "ofac/sdn/alt.csv", "add.csv": "ofac/sdn/add.csv",
                 "sdn_comments.csv": "ofac/sdn/sdn_comments.csv"},
        required=("sdn.csv",), bundled_vintage="2021-07-07", read=_ofac("us_ofac_sdn")),
    SourceSpec(
        name="us_ofac_cons", title="OFAC Consolidated (non-SDN) Sanctions List, incl. NS-CMIC",
        publisher="US Treasury, Office of Foreign Assets Control",
        urls={"cons_prim.csv": _OFAC + "CONS_PRIM.CSV", "cons_alt.csv": _OFAC + "CONS_ALT.CSV",
              "cons_add.csv": _OFAC + "CONS_ADD.CSV", "cons_comments.csv": _OFAC + "CONS_COMMENTS.CSV"},
        bundled={"cons_prim.csv": "ofac/consolidated/cons_prim.csv", "cons_alt.csv": "ofac/consolidated/cons_alt.csv",
                 "cons_add.csv": "ofac/consolidated/cons_add.csv",
                 "cons_comments.csv": "ofac/consolidated/cons_comments.csv"},
        required=("cons_prim.csv",), bundled_vintage="2025-12-19", read=_ofac("us_ofac_cons")),
    SourceSpec(
        name="us_trade_csl", title="Consolidated Screening List (incl. BIS Entity List)",
        publisher="US Department of Commerce, International Trade Administration",
        urls={"consolidated.csv":
              "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"},
        bundled={"consolidated.csv": "csl/csl.csv"}, required=("consolidated.csv",),
        bundled_vintage="2019-12-03", read=_single("behind.sources.csl", "read_csl")),
    SourceSpec(
        name="un_sc", title="UN Security Council Consolidated List", publisher="United Nations Security Council",
        urls={"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
        bundled={"consolidated.xml": "un/UN_consolidated.xml"}, required=("consolidated.xml",),
        bundled_vintage="2026-02-27", read=_single("behind.sources.un", "read_un")),
    SourceSpec(
        name="us_bis_dpl", title="BIS Denied Persons List", publisher="US Department of Commerce, BIS",
        urls={"dpl.txt": "https://www.bis.doc.gov/dpl/dpl.txt"},
        bundled={"dpl.txt": "bis_dpl/dpl.txt"}, required=("dpl.txt",),
        bundled_vintage="2022-09-02", read=_single("behind.sources.bis_dpl", "read_dpl")),
    SourceSpec(
        name="curated", title="Behind curated Xinjiang surveillance and forced-labour ecosystem",
        publisher="Behind contributors (every fact sourced)",
        urls={}, bundled={"ecosystem.yaml": "curated/ecosystem.yaml"}, required=("ecosystem.yaml",),
        bundled_vintage="2026-11-22", read=_single("behind.sources.curated", "read_curated")),
)}


def data_path(relative: str) -> Path:
    """Path of a file bundled in the package's ``data`` folder."""
    return Path(str(resources.files("behind") / "data" / relative))


def get_source(name: str) -> SourceSpec:
    try:
        return SOURCES[name]
    except KeyError:
        raise KeyError(f"unknown list {name!r}; known lists: {', '.join(SOURCES)}") from None


__all__ = ["SOURCES", "SourceSpec", "data_path", "get_source"]
