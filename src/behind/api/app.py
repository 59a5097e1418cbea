"""The FastAPI application: every router, the web app, errors as JSON, the job worker's life.

:func:`create_app` takes an open :class:`~behind.web.service.Service` (lists loaded, screener
built, team database migrated). At start it resumes the screening jobs a stopped server left
queued or running (in the one process of the service that holds the job lock), and runs new
ones in a worker thread; at shutdown it stops the worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from behind import __version__
from behind.api import keys, lists, reconcile, review, screenings, yente
from behind.api.auth import viewer
from behind.api.limits import BodyLimit
from behind.errors import BehindError
from behind.team.jobs import JobWorker, cases_after
from behind.team.roles import Principal
from behind.web import PageError, page_error, router as web_router, static
from behind.web.service import Service

DESCRIPTION = ("Restricted-party screening for teams: yente-compatible matching, W3C reconciliation 0.2, "
               "screening jobs with reports, a review queue and a hash-chained audit log. Every route but "
               "/healthz needs `Authorization: ApiKey KEY`.")


def create_app(service: Service, *, start_worker: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if start_worker:
            records = lambda source, source_id: service.entity(f"{source}:{source_id}")  # noqa: E731
            service.worker = JobWorker(service.db, service.settings, cases_after(service.db, records))
            service.worker.start()
        try:
            yield
        finally:
            if service.worker is not None:
                service.worker.stop()
                service.worker = None

    app = FastAPI(title="Behind", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None)
    app.state.service = service

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_who: Annotated[Principal, Depends(viewer)]) -> JSONResponse:
        if app.openapi_schema is None:
            schema = app.openapi()
            schema.setdefault("components", {})["securitySchemes"] = {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "Authorization",
                           "description": "ApiKey KEY (create a key with: behind keys create)"}}
            schema["security"] = [{"ApiKey": []}]
        return JSONResponse(app.openapi_schema)

    @app.get("/docs", include_in_schema=False)
    def docs(_who: Annotated[Principal, Depends(viewer)]) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Behind API")

    @app.exception_handler(BehindError)
    async def behind_error(_request: Request, exc: BehindError) -> JSONResponse:
        return JSONResponse({"detail": str(exc), **exc.to_dict()}, status_code=exc.status)

    @app.get("/healthz", tags=["service"], summary="Liveness: no key needed")
    def healthz() -> dict[str, object]:
        return {"status": "ok", "lists": {li.source: li.version for li in service.lists}}

    for module in (yente, reconcile, screenings, lists, review, keys):
        app.include_router(module.router)
    app.include_router(web_router)
    app.add_exception_handler(PageError, page_error)
    app.mount("/ui/static", static, name="static")
    app.add_middleware(BodyLimit, limit=lambda: service.max_upload)
    return app


__all__ = ["create_app"]
