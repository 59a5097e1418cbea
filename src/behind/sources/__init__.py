"""The official lists: one reader per publisher's format, and what each list declares about itself.

- :mod:`~behind.sources.base`: :class:`ParsedList`, what every reader returns;
- :mod:`~behind.sources.spec`: :class:`SourceSpec`, what a list declares (files, reader,
  listing rule, tie-break rank, list keys);
- :mod:`~behind.sources.files`: reading list files (the Windows-1252 fallback, CSV rows and tables);
- :mod:`~behind.sources.jsonlines`: one JSON object per line, refusing lines nested too deeply;
- one module per list: :mod:`~behind.sources.ofac` (SDN and consolidated), :mod:`~behind.sources.csl`,
  :mod:`~behind.sources.un`, :mod:`~behind.sources.bis_dpl`, :mod:`~behind.sources.curated`,
  :mod:`~behind.sources.eu_fsf` (EU financial sanctions), :mod:`~behind.sources.gb_fcdo` (UK Sanctions
  List), and :mod:`~behind.sources.ftm` for FollowTheMoney exports (any OpenSanctions dataset by name:
  :mod:`~behind.sources.opensanctions`); :mod:`~behind.sources.xmldoc` reads XML by local names;
- :mod:`~behind.sources.registry`: the lists collected, looked up by name.
"""

from behind.sources.base import ParsedList
from behind.sources.bis_dpl import read_dpl
from behind.sources.csl import read_csl
from behind.sources.curated import read_curated
from behind.sources.ftm import ftm_listings, read_ftm, write_ftm
from behind.sources.ofac import read_ofac
from behind.sources.registry import SOURCES, data_path, get_source, listings_of, source_of_list, source_rank
from behind.sources.spec import ListingRule, Reader, SourceSpec, plain_listings
from behind.sources.un import read_un

__all__ = [
    "SOURCES",
    "ListingRule",
    "ParsedList",
    "Reader",
    "SourceSpec",
    "data_path",
    "ftm_listings",
    "get_source",
    "listings_of",
    "plain_listings",
    "read_csl",
    "read_curated",
    "read_dpl",
    "read_ftm",
    "read_ofac",
    "read_un",
    "source_of_list",
    "source_rank",
    "write_ftm",
]
