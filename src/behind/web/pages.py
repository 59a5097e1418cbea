"""Pages to sign in, search, see an entity with its path picture, the lists and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from behind.matching.match import Query
from behind.team.audit import entries, verify
from behind.team.keys import authenticate
from behind.team.roles import Role
from behind.team.sessions import end_session, start_session
from behind.store.sqlite import Store
from behind.team.cases import count_cases, list_cases
from behind.team.jobs import list_jobs
from behind.team.portfolios import change_reports
from behind.web.access import LOGIN_COOKIE, PageError, Visitor, check_form, visitor
from behind.web.entities import entity_properties
from behind.web.explain import entity_explanation, path_svg
from behind.web.listdiff import list_diff
from behind.web.render import page, signin_page
from behind.web.service import SESSION_COOKIE, get_service

router = APIRouter(prefix="/ui", include_in_schema=False)
Viewer = Annotated[Visitor, Depends(visitor)]


def _admin(request: Request) -> Visitor:
    return visitor(request, Role.ADMIN)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request) -> HTMLResponse:
    return signin_page(request)


@router.post("/signin")
def signin(request: Request, key: Annotated[str, Form(max_length=200)],
           login_token: Annotated[str, Form(max_length=100)] = "",
           next: Annotated[str, Form(max_length=500)] = "/ui/") -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not login_token or cookie != login_token:
        raise PageError(403, "The sign-in form's security token is missing or out of date; reload the page.")
    service = get_service(request)
    principal = authenticate(service.db, key)
    if principal is None:
        return signin_page(request, 401, "That key is not valid (unknown, mistyped or revoked).")
    session = start_session(service.db, principal)
    target = next if next.startswith("/ui/") and "//" not in next and "\\" not in next else "/ui/"
    if target.startswith("/ui/signin"):
        target = "/ui/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session.id, httponly=True, samesite="lax", secure=service.secure_cookies,
                        max_age=8 * 3600, path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/ui")
    return response


@router.post("/signout")
def signout(who: Viewer, csrf: Annotated[str, Form()] = "") -> Response:
    check_form(who, csrf)
    end_session(who.service.db, who.session.id)
    response = RedirectResponse("/ui/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, who: Viewer) -> HTMLResponse:
    return page(request, "home.html", who, lists=who.service.lists, counts=count_cases(who.service.db),
                jobs=list_jobs(who.service.db, limit=10))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, who: Viewer, q: str = "", schema: str = "") -> HTMLResponse:
    q = q[:500]
    hits = []
    if q.strip():
        query = Query(name=q, schema=schema if schema in ("Person", "Company", "Organization", "Vessel") else None)
        hits = [m.to_hit() for m in who.service.screener.index.search(query, limit=25)]
    return page(request, "search.html", who, q=q, schema=schema, hits=hits)


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity(request: Request, key: str, who: Viewer, as_of: str = "") -> HTMLResponse:
    found = who.service.entity(key)
    if found is None:
        raise PageError(404, f"No loaded record {key[:200]!r}.")
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        day = date.today()
    result = entity_explanation(who.service, key, day)
    return page(request, "entity.html", who, entity=found, props=entity_properties(found), result=result,
                svg=path_svg(who.service, result), day=day, cases=list_cases(who.service.db, record=key, limit=50))


@router.get("/lists", response_class=HTMLResponse)
def lists(request: Request, who: Viewer) -> HTMLResponse:
    settings = who.service.settings
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        versions = store.versions()
    serving = {li.source: li.version for li in who.service.lists}
    return page(request, "lists.html", who, versions=sorted(versions, key=lambda v: (v.source, -v.id)),
                serving=serving)


@router.get("/lists/{name}/diff", response_class=HTMLResponse)
def diff(request: Request, name: str, who: Viewer, to: str = "") -> HTMLResponse:
    start = request.query_params.get("from", "")
    result = list_diff(who.service.settings.store_path, name, int(start) if start.isdigit() else None,
                       int(to) if to.isdigit() else None)
    return page(request, "diff.html", who, diff=result)


@router.get("/changes", response_class=HTMLResponse)
def changes(request: Request, who: Viewer) -> HTMLResponse:
    return page(request, "changes.html", who, reports=change_reports(who.service.db, limit=50))


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, who: Annotated[Visitor, Depends(_admin)], action: str = "") -> HTMLResponse:
    return page(request, "audit.html", who, entries=entries(who.service.db, limit=300, newest_first=True,
                                                             action=action or None),
                check=verify(who.service.db), action=action)


__all__ = ["router"]
