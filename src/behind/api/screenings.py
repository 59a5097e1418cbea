"""Screening jobs: ``POST /screenings`` (multipart: ``file``, ``kind``, options) answers 202 with a
job; ``GET /screenings/{id}`` shows its progress; ``GET /screenings/{id}/report.{json,csv,xlsx,html}``
serves its reports once it is done (409 before)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from behind.api.auth import analyst, viewer
from behind.errors import UsageError
from behind.model.dates import parse_partial
from behind.screening.screener import KINDS
from behind.team.jobs import REPORT_FORMATS, Job, create_job, get_job, list_jobs, report_path, safe_file_name
from behind.team.roles import Principal
from behind.web.service import Service, get_service

router = APIRouter(tags=["screenings"])
Svc = Annotated[Service, Depends(get_service)]
_MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class JobOut(BaseModel):
    """A screening job and where its reports are."""

    id: str
    state: str = Field(description="queued, running, done or failed")
    kind: str
    file_name: str = Field(description="the uploaded file's name, made safe")
    created_at: str
    updated_at: str
    done: int = Field(description="rows screened so far")
    total: int = Field(description="rows in the file (0 until counted)")
    percent: int
    rows: int | None = None
    alerts: int | None = None
    cases: int | None = Field(None, description="review cases the alerts opened, re-applied or reopened")
    screening_id: int | None = None
    error: str | None = None
    reports: dict[str, str] = Field(default_factory=dict, description="format -> URL, once done")

    @classmethod
    def of(cls, job: Job) -> JobOut:
        reports = {f: f"/screenings/{job.id}/report.{f}" for f in REPORT_FORMATS} if job.state == "done" else {}
        return cls(id=job.id, state=job.state, kind=job.kind, file_name=job.file_name, created_at=job.created_at,
                   updated_at=job.updated_at, done=job.done, total=job.total, percent=job.percent, rows=job.rows,
                   alerts=job.alerts, cases=job.cases, screening_id=job.screening_id, error=job.error,
                   reports=reports)


def check_options(kind: str, as_of: str | None, mapping: str | None) -> dict[str, object]:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", option="kind")
    options: dict[str, object] = {}
    if as_of:
        if parse_partial(as_of) is None or len(as_of) != 10:
            raise UsageError(f"as_of must be a date like 2021-06-01, got {as_of[:40]!r}", option="as_of")
        options["as_of"] = as_of
    if mapping:
        try:
            parsed = json.loads(mapping)
        except ValueError:
            raise UsageError("mapping must be a JSON object of column -> field", option="mapping") from None
        if not isinstance(parsed, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in parsed.items()):
            raise UsageError("mapping must be a JSON object of column -> field", option="mapping")
        options["mapping"] = parsed
    return options


async def read_upload(service: Service, file: UploadFile) -> bytes:
    """The upload's bytes; 413 beyond the service's limit."""
    content = await file.read(service.max_upload + 1)
    if len(content) > service.max_upload:
        raise HTTPException(413, detail=f"the file is larger than {service.max_upload:,} bytes")
    return content


def submit(service: Service, principal: Principal, name: str | None, content: bytes, kind: str,
           options: dict[str, object]) -> Job:
    job = create_job(service.db, service.settings, kind=kind, file_name=safe_file_name(name), content=content,
                     options=options, actor=principal.actor)
    if service.worker is not None:
        service.worker.submit(job)
    return job


@router.post("/screenings", status_code=202, response_model=JobOut, summary="Upload a CSV or XLSX file to screen")
async def upload(request: Request, service: Svc, who: Annotated[Principal, Depends(analyst)],
                 file: Annotated[UploadFile, File(description="CSV or XLSX")],
                 kind: Annotated[str, Form()] = "parties",
                 as_of: Annotated[str | None, Form()] = None,
                 mapping: Annotated[str | None, Form(description="JSON: column -> field")] = None,
                 sheet: Annotated[str | None, Form()] = None) -> JobOut:
    options = check_options(kind, as_of, mapping)
    if sheet:
        options["sheet"] = sheet[:100]
    content = await read_upload(service, file)
    return JobOut.of(submit(service, who, file.filename, content, kind, options))


@router.get("/screenings", response_model=list[JobOut], summary="Recent screening jobs")
def jobs(service: Svc, _who: Annotated[Principal, Depends(viewer)]) -> list[JobOut]:
    return [JobOut.of(j) for j in list_jobs(service.db)]


@router.get("/screenings/{job_id}", response_model=JobOut, summary="A screening job's progress")
def job(job_id: str, service: Svc, _who: Annotated[Principal, Depends(viewer)]) -> JobOut:
    return JobOut.of(get_job(service.db, job_id))


@router.get("/screenings/{job_id}/report.{fmt}", summary="A finished screening's report",
            response_class=FileResponse)
def report(job_id: str, fmt: str, service: Svc, _who: Annotated[Principal, Depends(viewer)]) -> FileResponse:
    found = get_job(service.db, job_id)
    path = report_path(service.settings, found, fmt)
    if found.state != "done" or not path.exists():
        raise HTTPException(409, detail=f"the screening is {found.state}; its reports come when it is done")
    stem = found.file_name.rsplit(".", 1)[0]
    response = FileResponse(path, media_type=_MEDIA[fmt], filename=f"{stem}-report.{fmt}",
                            content_disposition_type="inline" if fmt in ("html", "json") else "attachment")
    # a report is a document, never a program: no script runs in it, on this origin least of all
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["JobOut", "check_options", "read_upload", "router", "submit"]
