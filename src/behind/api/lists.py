"""The lists and their versions (``GET /lists``, ``GET /lists/{name}/diff``) and ``GET /explain``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query as Param
from fastapi.responses import Response
from pydantic import BaseModel

from behind.api.auth import viewer
from behind.model.explanation import EntityExplanation
from behind.store.sqlite import Store
from behind.team.roles import Principal
from behind.web.explain import explanation, path_svg
from behind.web.listdiff import ListDiff, list_diff
from behind.web.service import Service, get_service

router = APIRouter(tags=["lists and explanations"])
Svc = Annotated[Service, Depends(get_service)]
Viewer = Annotated[Principal, Depends(viewer)]


class VersionOut(BaseModel):
    id: int
    active: bool
    fetched_at: str
    loaded_at: str
    published: str | None
    records: int
    sha256: str
    origin: str


class ListOut(BaseModel):
    source: str
    serving: int | None
    versions: list[VersionOut]


@router.get("/lists", response_model=list[ListOut], summary="The loaded lists and their stored versions")
def lists(service: Svc, _who: Viewer) -> list[ListOut]:
    serving = {li.source: li.version for li in service.lists}
    with Store(service.settings.store_path, keep_versions=service.settings.keep_versions) as store:
        versions = store.versions()
    out: dict[str, ListOut] = {}
    for v in sorted(versions, key=lambda v: (v.source, -v.id)):
        item = out.setdefault(v.source, ListOut(source=v.source, serving=serving.get(v.source), versions=[]))
        item.versions.append(VersionOut(id=v.id, active=v.active, fetched_at=v.fetched_at, loaded_at=v.loaded_at,
                                        published=v.published, records=v.record_count, sha256=v.sha256,
                                        origin=v.origin))
    return list(out.values())


@router.get("/lists/{name}/diff", response_model=ListDiff, summary="What changed between two versions of a list")
def diff(name: str, service: Svc, _who: Viewer,
         from_: Annotated[int | None, Param(alias="from")] = None,
         to: int | None = None) -> ListDiff:
    return list_diff(service.settings.store_path, name, from_, to)


@router.get("/explain", response_model=EntityExplanation, summary="An entity's listings and exposure paths",
            responses={200: {"content": {"image/svg+xml": {}}}})
def explain(service: Svc, _who: Viewer, name: Annotated[str, Param(min_length=1, max_length=500)],
            as_of: date | None = None, format: Literal["json", "svg"] = "json") -> Response | EntityExplanation:
    """The best match for ``name`` as ``behind explain`` shows it; ``format=svg`` draws its paths."""
    result = explanation(service, name, as_of or date.today())
    if result is None:
        raise HTTPException(404, detail=f"no listed or related record matches {name[:200]!r}")
    if format == "svg":
        return Response(path_svg(service, result), media_type="image/svg+xml")
    return result


__all__ = ["ListOut", "VersionOut", "router"]
