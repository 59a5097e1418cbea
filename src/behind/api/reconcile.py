"""The W3C Reconciliation Service API 0.2 at ``/reconcile``, for OpenRefine and other clients.

- ``GET /reconcile``: the manifest. It declares its authentication (a Swagger ``apiKey`` in the
  ``Authorization`` header, value ``ApiKey KEY``), as 0.2 allows; without a key the answer is
  401 with the manifest as its body, so a client learns how to authenticate.
- ``GET|POST /reconcile`` with ``queries`` (a form field or query parameter holding the JSON
  batch, or a JSON body: the batch itself or ``{"queries": batch}``): one result list per query.
- ``GET /reconcile/suggest/entity?prefix=``: names for auto-completion.
- ``GET /reconcile/preview?id=``: a small HTML card of the record.

A client that cannot send headers (OpenRefine sends none to a reconciliation service) may give
the key as ``?api_key=KEY`` on the service URL instead; the manifest it is then served carries
the key in its suggest and preview URLs, so those calls work too. The key then shows in the
URLs the client keeps: prefer the header where the client has one.

Types are FollowTheMoney schemas; property ids ``country``, ``birthDate`` and identifier
properties (``leiCode``, ``isinCode``, ``uscCode``...) refine a query. Scores are 0 to 100;
``match`` is true at or above Behind's threshold."""

from __future__ import annotations

import html
import json
from urllib.parse import quote
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from behind import __version__
from behind.api.auth import UNAUTHENTICATED
from behind.api.yente import find, ftm_schemas
from behind.matching.match import Query
from behind.model.results import Hit
from behind.team.roles import Principal
from behind.web.entities import QUERY_IDENTIFIERS, entity_properties
from behind.team.keys import authenticate
from behind.team.roles import Role
from behind.web.service import Service, get_service, principal_of

router = APIRouter(tags=["W3C reconciliation 0.2"])
TYPES = (("Company", "Company"), ("Organization", "Organization"), ("LegalEntity", "Legal entity"),
         ("PublicBody", "Public body"), ("Person", "Person (listed officials)"), ("Vessel", "Vessel"),
         ("Airplane", "Airplane"))
MAX_QUERIES = 100
DEFAULT_LIMIT = 5
Svc = Annotated[Service, Depends(get_service)]


def reconcile_principal(service: Service, request: Request) -> Principal | None:
    """The header's key (or the web session's, on GET), else ``?api_key=``."""
    principal = principal_of(service, request)
    key = request.query_params.get("api_key")
    if principal is None and key:
        principal = authenticate(service.db, key)
    return principal


async def _viewer(request: Request) -> Principal:
    principal = reconcile_principal(get_service(request), request)
    if principal is None:
        raise HTTPException(401, detail=UNAUTHENTICATED, headers={"WWW-Authenticate": "ApiKey"})
    if not principal.allows(Role.VIEWER):  # every role reads
        raise HTTPException(403, detail="this needs the role viewer or higher")
    return principal


Viewer = Annotated[Principal, Depends(_viewer)]


def manifest(base: str, api_key: str | None = None) -> dict[str, Any]:
    base = base.rstrip("/")
    suffix = f"&api_key={quote(api_key, safe='')}" if api_key else ""
    path_key = f"?api_key={quote(api_key, safe='')}" if api_key else ""
    return {
        "versions": ["0.2"],
        "name": "Behind restricted-party lists",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": "https://github.com/behind-screening/behind#run-it-for-a-team",
        "serviceVersion": __version__,
        "authentication": {"type": "apiKey", "name": "Authorization", "in": "header",
                           "description": "ApiKey KEY (create a key with: behind keys create)"},
        "view": {"url": f"{base}/ui/entities/{{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}{suffix}", "width": 430, "height": 300},
        "suggest": {"entity": {"service_url": base, "service_path": f"/reconcile/suggest/entity{path_key}"}},
        "defaultTypes": [{"id": i, "name": n} for i, n in TYPES],
    }


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _value_strings(v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("id")
        if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
            out.append(str(item).strip())
    return out


def to_query(q: Any) -> tuple[Query, int]:
    """Behind's query and the result limit of one reconciliation query; 400 when it is malformed."""
    if not isinstance(q, dict) or not isinstance(q.get("query", ""), str):
        raise HTTPException(400, detail="each query must be an object with a string 'query'")
    types = q.get("type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    unknown = [t for t in types if not isinstance(t, str) or t not in ftm_schemas()]
    if unknown:
        raise HTTPException(400, detail=f"unknown type {unknown[0]!r}")
    schema = types[0] if len(types) == 1 and types[0] not in ("LegalEntity", "Thing") else None
    query = Query(name=q.get("query", ""), schema=schema)
    for prop in q.get("properties") or []:
        if not isinstance(prop, dict) or not isinstance(prop.get("pid"), str):
            raise HTTPException(400, detail="each property needs a string 'pid' and a value 'v'")
        values = _value_strings(prop.get("v"))
        pid = prop["pid"]
        if not values:
            continue
        if pid in ("country", "jurisdiction", "nationality"):
            query.country = values[0]
        elif pid == "birthDate":
            query.birth_date = values[0]
        elif pid in QUERY_IDENTIFIERS:
            query.identifiers[QUERY_IDENTIFIERS[pid]] = values[0]
        elif pid in ("alias", "name"):
            query.aliases.extend(values)
    limit = q.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or not 1 <= limit <= 100:
        raise HTTPException(400, detail="limit must be a number from 1 to 100")
    return query, int(limit)


def candidate(service: Service, hit: Hit) -> dict[str, Any]:
    threshold = service.screener.index.config.threshold
    features = [{"id": k, "value": v} for k, v in hit.explanation.features.items()]
    lists = ", ".join([hit.source, *hit.programs][:4])
    return {"id": hit.key, "name": hit.name, "description": f"{hit.schema_} on {lists}",
            "score": round(hit.score * 100, 1), "match": hit.score >= threshold,
            "type": [{"id": hit.schema_, "name": hit.schema_}], "features": features}


async def _batch(request: Request) -> Any:
    raw: Any = request.query_params.get("queries")
    if request.method == "POST" and raw is None:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/json"):
            try:
                body = json.loads(await request.body())
            except ValueError:
                raise HTTPException(400, detail="the body is not JSON") from None
            return body.get("queries", body) if isinstance(body, dict) else body
        form = await request.form()
        raw = form.get("queries")
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise HTTPException(400, detail="queries must be a JSON text")
    try:
        return json.loads(raw)
    except ValueError:
        raise HTTPException(400, detail="queries is not valid JSON") from None


@router.get("/reconcile", summary="The manifest, or a batch of queries (queries=JSON)")
async def reconcile_get(request: Request, service: Svc) -> JSONResponse:
    return await reconcile(request, service)


@router.post("/reconcile", summary="A batch of reconciliation queries (form field queries=JSON, or a JSON body)")
async def reconcile_post(request: Request, service: Svc) -> JSONResponse:
    return await reconcile(request, service)


async def reconcile(request: Request, service: Service) -> JSONResponse:
    principal = reconcile_principal(service, request)
    if principal is None:
        return JSONResponse(manifest(_base(request)), status_code=401, headers={"WWW-Authenticate": "ApiKey"})
    batch = await _batch(request)
    if batch is None:
        via_query = request.query_params.get("api_key") if "authorization" not in request.headers else None
        return JSONResponse(manifest(_base(request), via_query))
    if not isinstance(batch, dict) or len(batch) > MAX_QUERIES:
        raise HTTPException(400, detail=f"queries must be an object of at most {MAX_QUERIES} queries")
    answer: dict[str, Any] = {}
    cutoff = service.screener.index.config.threshold - service.screener.index.config.score_margin
    for key, q in batch.items():
        query, limit = to_query(q)
        hits = find(service, query, lists=None, cutoff=cutoff, limit=limit)
        answer[str(key)] = {"result": [candidate(service, h) for h in hits]}
    return JSONResponse(answer)


@router.get("/reconcile/suggest/entity", summary="Suggest entities by name")
def suggest_entity(service: Svc, _who: Viewer, prefix: str = "", cursor: int = 0) -> dict[str, Any]:
    prefix = prefix[:200]
    if not prefix.strip():
        return {"result": []}
    cutoff = service.screener.index.config.threshold - service.screener.index.config.score_margin
    hits = find(service, Query(name=prefix), lists=None, cutoff=cutoff, limit=max(0, cursor) + 10)
    return {"result": [{"id": h.key, "name": h.name, "description": f"{h.schema_} on {h.source}",
                        "notable": [{"id": h.schema_, "name": h.schema_}]} for h in hits[max(0, cursor):]]}


@router.get("/reconcile/preview", response_class=HTMLResponse, summary="An HTML card of a record")
def preview(id: str, service: Svc, _who: Viewer) -> HTMLResponse:
    entity = service.entity(id)
    if entity is None:
        raise HTTPException(404, detail=f"no entity {id[:200]!r}")
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape('; '.join(v[:5]))}</td></tr>"
                   for k, v in entity_properties(entity).items() if k != "name")
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(entity.name)}</title></head>"
            f"<body style='font-family:sans-serif;font-size:13px'><h3>{html.escape(entity.name)}</h3>"
            f"<p>{html.escape(entity.schema)} on {html.escape(entity.source)}</p><table>{rows}</table></body></html>")
    return HTMLResponse(page)


__all__ = ["TYPES", "candidate", "manifest", "router", "to_query"]
