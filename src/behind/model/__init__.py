"""The data model: listed entities, listings, dates, the typed screening results and the matching method."""

from behind.model.dates import in_force, parse_partial
from behind.model.entity import SCHEMAS, Address, Alias, Entity, Identifier, Link
from behind.model.explanation import Confirmation, EntityExplanation, HistoryItem, OwnershipStep
from behind.model.listing import Listing
from behind.model.matching import MatchingConfig, describe, matching_config
from behind.model.results import (
    Edge,
    Evidence,
    Exposure,
    Hit,
    IdentifierMatch,
    LinkReason,
    ListInfo,
    ListVersion,
    MatchExplanation,
    NameMatch,
    Owner,
    RegimeStatus,
    Report,
    RowResult,
    RunMeta,
    SourceRef,
)

__all__ = ["SCHEMAS", "Address", "Alias", "Confirmation", "Edge", "Entity", "EntityExplanation", "Evidence", "Exposure",
           "HistoryItem", "Hit", "Identifier", "IdentifierMatch", "Link", "LinkReason", "ListInfo", "ListVersion",
           "Listing", "MatchExplanation", "MatchingConfig", "NameMatch", "Owner", "OwnershipStep", "RegimeStatus",
           "Report", "RowResult", "RunMeta", "SourceRef", "describe", "in_force", "matching_config",
           "parse_partial"]
