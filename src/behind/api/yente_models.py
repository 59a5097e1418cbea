"""The request and response shapes of yente's matching API (``/match``, ``/search``, ``/entities``),
so a client written for yente reads Behind's answers unchanged. Behind adds ``explanation`` (the
typed :class:`~behind.model.results.MatchExplanation`) and ``list_version`` to each result."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from behind.model.results import ListVersion, MatchExplanation


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class EntityResponse(_Model):
    id: str = Field(description="the record's key: list name, colon, the list's own id", examples=["us_ofac_sdn:12345"])
    caption: str = Field(description="the record's primary name")
    schema_: str = Field(alias="schema", examples=["Company"])
    properties: dict[str, list[str]] = Field(examples=[{"name": ["Hangzhou Hikvision Digital Technology Co., Ltd."]}])
    datasets: list[str] = Field(default_factory=list, examples=[["us_fcc_covered"]])
    referents: list[str] = Field(default_factory=list, description="records of the same entity on other lists")
    target: bool = Field(False, description="the record is listed (carries programs or listings)")
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = Field(description="0 to 1")
    features: dict[str, float] = Field(description="feature scores of the match: name, identifier, country...")
    match: bool = Field(description="score at or above the threshold")
    explanation: MatchExplanation | None = Field(None, description="Behind: what the record matched on")
    list_version: ListVersion | None = Field(None, description="Behind: the list version the record is from")


class TotalSpec(_Model):
    value: int
    relation: str = "eq"


class EntityExample(_Model):
    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Company"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["Hikvision"], "country": ["cn"]}])


class EntityMatchQuery(_Model):
    weights: dict[str, float] = Field(default_factory=dict, description="accepted for yente clients; not used")
    config: dict[str, Any] = Field(default_factory=dict, description="accepted for yente clients; not used")
    queries: dict[str, EntityExample]


class EntityMatches(_Model):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(_Model):
    description: str
    coefficient: float
    url: str


class EntityMatchResponse(_Model):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


class SearchFacetItem(_Model):
    name: str
    label: str
    count: int = 1


class SearchFacet(_Model):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(_Model):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[ScoredEntityResponse]
    facets: dict[str, SearchFacet]


class Algorithm(_Model):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]


class AlgorithmResponse(_Model):
    algorithms: list[Algorithm]
    default: str
    best: str


class DatasetModel(_Model):
    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    load: bool
    entities_url: str | None = None
    version: str
    index_version: str | None = None
    index_current: bool = False
    children: list[str]


class DataCatalog(_Model):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class ErrorResponse(_Model):
    detail: str


__all__ = ["Algorithm", "AlgorithmResponse", "DataCatalog", "DatasetModel", "EntityExample", "EntityMatchQuery", "EntityMatchResponse",
           "EntityMatches", "EntityResponse", "ErrorResponse", "FeatureDoc", "ScoredEntityResponse",
           "SearchFacet", "SearchFacetItem", "SearchResponse", "TotalSpec"]
