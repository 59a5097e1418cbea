"""Jinja2 templates of the web app (autoescaped), and the page shown for a :class:`PageError`."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from behind import __version__
from behind.web.access import LOGIN_COOKIE, PageError, Visitor

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
STATIC_DIR = HERE / "static"


def page(request: Request, name: str, who: Visitor | None, code: int = 200, **context: Any) -> HTMLResponse:
    ctx = {"user": who.principal if who else None, "csrf": who.csrf if who else "", "can": who.can if who else
           (lambda _r: False), "version": __version__, **context}
    response = templates.TemplateResponse(request, name, ctx, status_code=code)
    response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; style-src 'self' "
                                                   "'unsafe-inline'; frame-ancestors 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def signin_page(request: Request, status: int = 200, message: str = "") -> HTMLResponse:
    """The sign-in form, with a fresh login token (also set as a cookie: double-submit CSRF)."""
    token = secrets.token_urlsafe(24)
    response = page(request, "signin.html", None, status, message=message, login_token=token,
                    next=request.url.path if request.url.path.startswith("/ui") else "/ui/")
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="lax", path="/ui")
    return response


async def page_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, PageError)
    if exc.status == 401:
        return signin_page(request, 401, exc.message)
    return page(request, "error.html", None, exc.status, message=exc.message)


__all__ = ["STATIC_DIR", "page", "page_error", "signin_page", "templates"]
