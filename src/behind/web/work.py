"""Pages of the work: upload a file (with a progress bar while it is screened), the review queue
with its filters and decision forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from behind.errors import BehindError
from behind.screening.screener import KINDS
from behind.team.cases import STATUSES, list_cases
from behind.team.decisions import decide
from behind.team.jobs import create_job, get_job, list_jobs, safe_file_name
from behind.team.roles import Role
from behind.web.access import PageError, Visitor, check_form, visitor
from behind.web.render import page

router = APIRouter(prefix="/ui", include_in_schema=False)
Viewer = Annotated[Visitor, Depends(visitor)]


def _analyst(request: Request) -> Visitor:
    return visitor(request, Role.ANALYST)


def _reviewer(request: Request) -> Visitor:
    return visitor(request, Role.REVIEWER)


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, who: Annotated[Visitor, Depends(_analyst)]) -> HTMLResponse:
    return page(request, "upload.html", who, kinds=KINDS, jobs=list_jobs(who.service.db, limit=20))


@router.post("/upload")
async def upload(request: Request, who: Annotated[Visitor, Depends(_analyst)],
                 file: Annotated[UploadFile, File()], csrf: Annotated[str, Form()] = "",
                 kind: Annotated[str, Form()] = "parties") -> Response:
    check_form(who, csrf)
    if kind not in KINDS:
        raise PageError(400, f"Unknown kind {kind[:40]!r}.")
    content = await file.read(who.service.max_upload + 1)
    if len(content) > who.service.max_upload:
        raise PageError(413, f"The file is larger than {who.service.max_upload:,} bytes.")
    try:
        job = create_job(who.service.db, who.service.settings, kind=kind, file_name=safe_file_name(file.filename),
                         content=content, options={}, actor=who.principal.actor)
    except BehindError as exc:
        raise PageError(exc.status, str(exc)) from None
    if who.service.worker is not None:
        who.service.worker.submit(job)
    return RedirectResponse(f"/ui/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str, who: Viewer) -> HTMLResponse:
    try:
        found = get_job(who.service.db, job_id)
    except BehindError as exc:
        raise PageError(exc.status, str(exc)) from None
    return page(request, "job.html", who, job=found)


@router.get("/cases", response_class=HTMLResponse)
def cases(request: Request, who: Viewer, status: str = "open", input_name: str = "", record: str = "") -> HTMLResponse:
    status = status if status in (*STATUSES, "all") else "open"
    found = list_cases(who.service.db, status=None if status == "all" else status, input_name=input_name or None,
                       record=record or None, limit=200)
    return page(request, "cases.html", who, cases=found, status=status, statuses=STATUSES, input_name=input_name,
                record=record)


@router.post("/cases/{case_id}/decision")
def decision(case_id: int, who: Annotated[Visitor, Depends(_reviewer)], csrf: Annotated[str, Form()] = "",
             status: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
             back: Annotated[str, Form()] = "/ui/cases") -> Response:
    check_form(who, csrf)
    try:
        decide(who.service.db, case_id, status, who.principal, reason)
    except BehindError as exc:
        raise PageError(exc.status, str(exc)) from None
    target = back if back.startswith("/ui/") and "//" not in back and "\\" not in back else "/ui/cases"
    return RedirectResponse(target, status_code=303)


__all__ = ["router"]
