"""A record the matcher found (:class:`Match`), and its typed, explained form (:meth:`Match.to_hit`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from behind.model.entity import Entity
from behind.model.results import AffiliateMatch, Hit, IdentifierMatch, LinkReason, ListVersion, MatchExplanation, NameMatch
from behind.matching.affiliate import AffiliateFind
from behind.matching.score import NameScore
from behind.store.sqlite import Version


@dataclass
class Match:
    """A record the matcher found, with everything needed to explain it (see :meth:`to_hit`)."""

    entity: Entity
    score: float
    query_name: str | None = None
    matched_name: str | None = None
    name_score: NameScore | None = None
    identifier: dict[str, str] | None = None
    features: dict[str, float] = field(default_factory=dict)
    linked_from: dict[str, str] | None = None
    version: ListVersion | None = None
    #: the best name match rests on fewer letters than the acronym rule asks for
    short_evidence: bool = False
    #: dropped by the acronym rule: short evidence with nothing to corroborate it
    weak: bool = False
    #: the query carries this record's distinctive name with only places and generic words around it
    affiliate: AffiliateFind | None = None

    def to_hit(self) -> Hit:
        """The typed, explained hit that reports and the API serve."""
        e = self.entity
        name = None
        if self.matched_name is not None and self.name_score is not None:
            ns = self.name_score
            name = NameMatch(query=self.query_name, listed=self.matched_name, score=round(ns.score, 4),
                             pairs=[(p.query, p.listed, p.similarity) for p in ns.pairs],
                             unmatched_query=list(ns.unmatched_query), unmatched_listed=list(ns.unmatched_listed))
        explanation = MatchExplanation(
            name=name,
            identifier=IdentifierMatch(**self.identifier) if self.identifier else None,
            features={k: round(v, 4) for k, v in self.features.items()},
            linked=LinkReason(**self.linked_from) if self.linked_from else None,
            affiliate=AffiliateMatch(listed=self.matched_name or e.name, shared=list(self.affiliate.shared),
                                     words=[(w, c) for w, c in self.affiliate.words]) if self.affiliate else None)
        return Hit(source=e.source, source_id=e.source_id, score=round(self.score, 4), name=e.name,
                   schema_=e.schema, programs=list(e.programs), listed_on=e.listed_on, source_url=e.source_url,
                   explanation=explanation, list_version=self.version)


def list_version(v: Version) -> ListVersion:
    """The version of a list as a hit cites it."""
    return ListVersion(source=v.source, version_id=v.id, sha256=v.sha256, fetched_at=v.fetched_at,
                       published=v.published)


__all__ = ["Match", "list_version"]
