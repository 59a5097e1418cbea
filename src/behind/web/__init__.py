"""The web app: server-rendered pages (Jinja2, no front-end build) under ``/ui``, for people who
sign in with their key: search, entity pages with the path picture, upload with progress, the
review queue, list versions and diffs, the audit log."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from behind.web import pages, work
from behind.web.access import PageError, visitor
from behind.web.render import STATIC_DIR, page_error

router = APIRouter()
router.include_router(pages.router)
router.include_router(work.router)


@router.get("/", include_in_schema=False)
def root(request: Request) -> RedirectResponse:
    visitor(request)
    return RedirectResponse("/ui/", status_code=303)


static = StaticFiles(directory=str(STATIC_DIR))

__all__ = ["PageError", "page_error", "router", "static"]
