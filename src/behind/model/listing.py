"""A listing: which list names an entity, under which program, since when, with which citation.

Every reader keeps listings its own way (OFAC: the record's source and programs; the
curated file: dated listings with citations; FtM: ``Sanction`` records). Each source
turns its records into this one shape, with a list key the regimes understand
(``us_ofac_sdn``, ``us_ofac_ns_cmic``, ``us_bis_entity_list``...).
"""

from __future__ import annotations

import datetime

from pydantic import BaseModel, ConfigDict, Field

from behind.model.dates import in_force


class Listing(BaseModel):
    """One entry of an official (or curated) list naming a record."""

    model_config = ConfigDict(frozen=True)

    list: str = Field(description="list key the regimes understand, e.g. us_ofac_sdn, us_bis_entity_list")
    program: str | None = Field(None, description="the list's program or sanctions regime, e.g. CMIC-EO13959")
    date: str | None = Field(None, description="listed since (a partial date: 2019, 2019-10, 2019-10-09)")
    end: str | None = Field(None, description="removed on, where the source says so")
    citation: str | None = Field(None, description="the legal citation or the list's own wording")
    source_url: str | None = Field(None, description="where the listing can be checked")
    record: str = Field(description="key of the record that carries it (source:source_id)")

    def in_force(self, as_of: datetime.date) -> bool:
        return in_force(self.date, self.end, as_of)


__all__ = ["Listing"]
