"""yente's matching API on Behind's matcher: ``POST /match/{dataset}``, ``GET /search/{dataset}``,
``GET /entities/{id}`` and ``GET /algorithms``.

The dataset ``default`` is every loaded list; each list's name (``us_ofac_sdn``...) is a dataset
of its own; any other is 404. A query example's schema must be a FollowTheMoney schema (else 400;
a missing one is 422, as in yente). Its ``name``, ``alias``, ``weakAlias`` and ``previousName``
values are the names looked up; ``country``, ``jurisdiction`` or ``nationality`` the country;
``birthDate`` the birth date; identifier properties (``leiCode``, ``isinCode``, ``uscCode``,
``registrationNumber``...) are matched exactly. Scores and features come from Behind's matcher;
``match`` is true at or above ``threshold`` (default: Behind's threshold, 0.85 unless configured),
and results down to ``cutoff`` (default: the threshold less the score margin) come back too."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query as Param, Response

from behind.api.auth import viewer
from behind.api.yente_models import (
    Algorithm,
    AlgorithmResponse,
    DataCatalog,
    DatasetModel,
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    EntityResponse,
    ErrorResponse,
    FeatureDoc,
    ScoredEntityResponse,
    SearchFacet,
    SearchFacetItem,
    SearchResponse,
    TotalSpec,
)
from behind.matching.match import Query
from behind.model.entity import Entity
from behind.model.results import Hit
from behind.team.roles import Principal
from behind.web.entities import QUERY_IDENTIFIERS, entity_properties
from behind.web.service import Service, get_service

router = APIRouter(tags=["yente-compatible matching"])
ALGORITHM = "behind"
#: yente's algorithm names, accepted so a yente client's ``algorithm=`` works; all mean Behind's matcher
YENTE_ALGORITHMS = ("best", "default", "logic-v1", "logic-v2", "name-based", "name-qualified", "regression-v1",
                    "regression-v2", "regression-v3")
MAX_LIMIT = 500
MAX_BATCH = 100
_DOCS = "https://github.com/behind-screening/behind#matching-rules"
FEATURES = {
    "name": FeatureDoc(description="name similarity of the best query name and listed name or alias (0 to 1)",
                       coefficient=1.0, url=_DOCS),
    "identifier": FeatureDoc(description="an identifier (LEI, ISIN, USCC, IMO, registration...) is the same: the "
                                         "score is 1", coefficient=1.0, url=_DOCS),
    "country": FeatureDoc(description="1 when the query's country is the record's, 0 when both give countries "
                                      "and they differ", coefficient=0.02, url=_DOCS),
    "birth_date": FeatureDoc(description="agreement of birth dates (1 equal, 0.75 same year, 0 different)",
                             coefficient=0.04, url=_DOCS),
    "short_evidence": FeatureDoc(description="the name match rests on an acronym or very short name",
                                 coefficient=0.0, url=_DOCS),
}
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
_COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry", "registrationCountry")
_ANY_SCHEMA = ("LegalEntity", "Thing")
_SCHEMAS: frozenset[str] | None = None
Viewer = Annotated[Principal, Depends(viewer)]
Svc = Annotated[Service, Depends(get_service)]


def ftm_schemas() -> frozenset[str]:
    global _SCHEMAS
    if _SCHEMAS is None:
        from followthemoney import model
        _SCHEMAS = frozenset(model.schemata)
    return _SCHEMAS


def datasets_of(service: Service, dataset: str) -> set[str] | None:
    """The lists a dataset name covers (None: all of them); 404 for an unknown name."""
    if dataset == "default":
        return None
    if dataset in service.datasets():
        return {dataset}
    raise HTTPException(404, detail=f"no dataset {dataset!r}; the datasets are default, "
                                    + ", ".join(service.datasets()))


def _values(props: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for name in names:
        raw = props.get(name)
        for v in raw if isinstance(raw, list) else [raw] if raw is not None else []:
            if isinstance(v, (str, int, float)) and str(v).strip() and str(v) not in out:
                out.append(str(v).strip())
    return out


def example_query(example: EntityExample) -> Query:
    """Behind's query for a yente example; 400 for a schema FollowTheMoney does not know."""
    if example.schema_ not in ftm_schemas():
        raise HTTPException(400, detail=f"Cannot parse example entity: unknown schema {example.schema_!r}")
    props = example.properties
    names = _values(props, _NAME_PROPS)
    if not names:
        parts = _values(props, ("firstName", "middleName", "lastName"))
        names = [" ".join(parts)] if parts else []
    identifiers = {}
    for prop, scheme in QUERY_IDENTIFIERS.items():
        found = _values(props, (prop,))
        if found:
            identifiers[scheme] = found[0]
    countries = _values(props, _COUNTRY_PROPS)
    births = _values(props, ("birthDate",))
    schema = None if example.schema_ in _ANY_SCHEMA else example.schema_
    return Query(name=names[0] if names else "", schema=schema, identifiers=identifiers, aliases=names[1:],
                 country=countries[0] if countries else None, birth_date=births[0] if births else None)


def entity_response(service: Service, entity: Entity) -> dict[str, Any]:
    status = service.screener.status_of(entity.key, date.today()).status
    return {"id": entity.key, "caption": entity.name, "schema": entity.schema,
            "properties": entity_properties(entity), "datasets": [entity.source], "referents": [],
            "target": status == "listed"}


def scored(service: Service, hit: Hit, threshold: float) -> ScoredEntityResponse:
    entity = service.entity(hit.key)
    base = entity_response(service, entity) if entity is not None else {
        "id": hit.key, "caption": hit.name, "schema": hit.schema_, "properties": {"name": [hit.name]},
        "datasets": [hit.source]}
    return ScoredEntityResponse(**base, score=hit.score, features=dict(hit.explanation.features),
                                match=hit.score >= threshold, explanation=hit.explanation,
                                list_version=hit.list_version)


def find(service: Service, query: Query, *, lists: set[str] | None, cutoff: float, limit: int,
         exclude_schema: list[str] | None = None, exclude_ids: list[str] | None = None) -> list[Hit]:
    """The hits of ``query`` at ``cutoff``, best first, in the given lists only."""
    exclude_schema, exclude_ids = exclude_schema or [], exclude_ids or []
    if not query.names() and not query.identifiers:
        return []
    wide = limit if lists is None and not exclude_schema and not exclude_ids else max(limit * 5, 50)
    hits = [m.to_hit() for m in service.screener.index.search(query, threshold=cutoff, limit=wide)]
    keep = [h for h in hits if (lists is None or h.source in lists) and h.schema_ not in exclude_schema
            and h.key not in exclude_ids]
    return keep[:limit]


def _algorithm(name: str) -> None:
    if name != ALGORITHM and name not in YENTE_ALGORITHMS:
        raise HTTPException(400, detail=f"unknown algorithm {name!r}; Behind has one: {ALGORITHM}")


@router.post("/match/{dataset}", response_model=EntityMatchResponse, summary="Query by example matcher",
             responses={400: {"model": ErrorResponse}, 401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
async def match(body: EntityMatchQuery, dataset: str, response: Response, service: Svc, _who: Viewer,
          limit: Annotated[int, Param(ge=1, le=MAX_LIMIT)] = 5,
          threshold: Annotated[float | None, Param(ge=0.0, le=1.0)] = None,
          cutoff: Annotated[float | None, Param(ge=0.0, le=1.0)] = None,
          algorithm: str = ALGORITHM,
          include_dataset: Annotated[list[str], Param()] = [],  # noqa: B006 - FastAPI reads these defaults
          exclude_schema: Annotated[list[str], Param()] = [],  # noqa: B006
          exclude_dataset: Annotated[list[str], Param()] = [],  # noqa: B006
          exclude_entity_ids: Annotated[list[str], Param()] = [],  # noqa: B006
          ) -> EntityMatchResponse:
    """Match a batch of entity examples (yente's request and response).

    Runs on the event loop: a query takes a few milliseconds of CPU, less than a hop to the
    thread pool costs under load."""
    lists = datasets_of(service, dataset)
    _algorithm(algorithm)
    if len(body.queries) > MAX_BATCH:
        raise HTTPException(400, detail=f"Too many queries in one batch (limit: {MAX_BATCH})")
    if not body.queries:
        raise HTTPException(400, detail="No queries provided.")
    config = service.screener.index.config
    threshold = config.threshold if threshold is None else threshold
    cutoff = min(threshold, max(0.0, threshold - config.score_margin) if cutoff is None else cutoff)
    names = set(service.datasets()) if lists is None else set(lists)
    if include_dataset:
        names &= set(include_dataset)
    names -= set(exclude_dataset)
    responses: dict[str, EntityMatches] = {}
    for key, example in body.queries.items():
        query = example_query(example)
        hits = find(service, query, lists=names, cutoff=cutoff, limit=limit, exclude_schema=exclude_schema,
                    exclude_ids=exclude_entity_ids)
        results = [scored(service, h, threshold) for h in hits]
        responses[key] = EntityMatches(results=results, total=TotalSpec(value=len(results)), query=example)
    response.headers["x-batch-size"] = str(len(responses))
    return EntityMatchResponse(responses=responses, matcher=FEATURES, limit=limit)


@router.get("/search/{dataset}", response_model=SearchResponse, summary="Search by name",
            responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
def search(dataset: str, service: Svc, _who: Viewer,
           q: Annotated[str, Param(max_length=1000)] = "",
           schema: str | None = None,
           limit: Annotated[int, Param(ge=1, le=MAX_LIMIT)] = 10,
           offset: Annotated[int, Param(ge=0, le=10_000)] = 0,
           threshold: Annotated[float | None, Param(ge=0.0, le=1.0)] = None,
           countries: Annotated[list[str], Param()] = [],  # noqa: B006
           ) -> SearchResponse:
    """Look a name up; results best first, with facets of lists, schemas and countries."""
    lists = datasets_of(service, dataset)
    if schema is not None and schema not in ftm_schemas():
        raise HTTPException(400, detail=f"unknown schema {schema!r}")
    threshold = service.screener.index.config.threshold if threshold is None else threshold
    query = Query(name=q, schema=None if schema in (None, *_ANY_SCHEMA) else schema,
                  country=countries[0] if countries else None)
    hits = find(service, query, lists=lists, cutoff=threshold, limit=offset + limit)
    results = [scored(service, h, threshold) for h in hits]
    facets = {"datasets": _facet("Lists", Counter(d for r in results for d in r.datasets)),
              "schema": _facet("Types", Counter(r.schema_ for r in results)),
              "countries": _facet("Countries", Counter(c for r in results for c in r.properties.get("country", [])))}
    return SearchResponse(limit=limit, offset=offset, total=TotalSpec(value=len(results)),
                          results=results[offset:offset + limit], facets=facets)


def _facet(label: str, counts: Counter[str]) -> SearchFacet:
    return SearchFacet(label=label, values=[SearchFacetItem(name=k, label=k, count=n) for k, n in counts.most_common()])


@router.get("/entities/{entity_id:path}", response_model=EntityResponse, summary="Retrieve an entity",
            responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}})
def entity(entity_id: str, service: Svc, _who: Viewer) -> EntityResponse:
    """A loaded record by its id (``list:own id``)."""
    found = service.entity(entity_id)
    if found is None:
        raise HTTPException(404, detail=f"no entity {entity_id[:200]!r}")
    return EntityResponse(**entity_response(service, found))


@router.get("/catalog", response_model=DataCatalog, summary="The datasets: every loaded list, and default")
def catalog(service: Svc, _who: Viewer) -> DataCatalog:
    """yente's catalog: one dataset per list served (its version is the store's version number)."""
    lists = [DatasetModel(name=li.source, title=li.source, version=str(li.version), load=True, index_current=True,
                          children=[], summary=f"{li.records:,} records, published {li.published or 'unknown'}")
             for li in service.lists]
    default = DatasetModel(name="default", title="Every loaded list", version=max((d.version for d in lists),
                                                                                   default="0"),
                           load=True, index_current=True, children=[d.name for d in lists])
    names = [d.name for d in lists]
    return DataCatalog(datasets=[default, *lists], current=["default", *names], outdated=[], index_stale=False)


@router.get("/algorithms", response_model=AlgorithmResponse, summary="Matching algorithms")
def algorithms(_who: Viewer) -> AlgorithmResponse:
    algo = Algorithm(name=ALGORITHM, description="Behind's matcher: names in any script, identifiers, "
                                                 "country and birth-date corroboration", features=FEATURES)
    return AlgorithmResponse(algorithms=[algo], default=ALGORITHM, best=ALGORITHM)


__all__ = ["ALGORITHM", "FEATURES", "datasets_of", "entity_response", "example_query", "find", "router", "scored"]
