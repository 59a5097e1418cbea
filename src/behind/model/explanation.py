"""What ``behind explain`` answers: an entity's listings, exposure paths, owners and history on a date."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from behind.model.listing import Listing
from behind.model.results import Edge, Exposure, Hit, RegimeStatus


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OwnershipStep(_Model):
    """An owner or parent found walking up, listed or not: context even where no rule applies."""

    path: list[Edge]
    owner: str = Field(description="entity key of the owner or parent")
    owner_name: str
    share: float | None = None
    listings: list[Listing] = Field(default_factory=list, description="the owner's listings in force")


class HistoryItem(_Model):
    """A listing or relation not in force on the date, and why."""

    kind: Literal["listing", "relation"]
    why: str
    listing: Listing | None = None
    edge: Edge | None = None
    path: list[Edge] = Field(default_factory=list, description="for a relation: the path that led to it")


class Confirmation(_Model):
    """A curated listing checked against the official list that publishes its list key."""

    listing: Listing = Field(description="the curated listing")
    status: Literal["confirmed", "contradicted", "not found"] = Field(
        description="confirmed: the official list names the entity on that list with the same dates; contradicted: "
                    "it does, with other dates or a removal; not found: no record of the loaded official list matched")
    by: str = Field(description="the official list checked, e.g. us_fcc_covered")
    version: str | None = Field(None, description="its loaded version, e.g. 'version 7, snapshot of 2026-07-28'")
    official: list[Listing] = Field(default_factory=list, description="the official list's listings compared")
    differences: list[str] = Field(default_factory=list, description="what differs, in words")


class EntityExplanation(_Model):
    """An entity as of a date: listed, exposed, or no exposure found, with every path and reason."""

    entity: str = Field(description="entity key the walk started from")
    records: list[str] = Field(description="records of the same entity on every loaded list")
    as_of: datetime.date
    status: Literal["listed", "exposed", "no exposure found"]
    listings: list[Listing] = Field(description="listings in force on the date")
    exposures: list[Exposure]
    ownership_upward: list[OwnershipStep]
    history: list[HistoryItem]
    regimes: list[RegimeStatus]
    query: str | None = Field(None, description="the name looked up, for behind explain")
    match: Hit | None = Field(None, description="the hit that named the entity, for behind explain")
    confirmations: list[Confirmation] = Field(
        default_factory=list, description="curated listings checked against the loaded official lists")
    affiliate: Edge | None = Field(
        None, description="set when the query's name only suggests a subsidiary or affiliate of the entity: the "
                          "edge from the query to it (evidence: name affiliate, drawn dashed)")

    @property
    def exposed(self) -> bool:
        return any(x.applied for x in self.exposures)


__all__ = ["Confirmation", "EntityExplanation", "HistoryItem", "OwnershipStep"]
