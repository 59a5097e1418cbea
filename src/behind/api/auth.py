"""Access to the API: ``Authorization: ApiKey KEY`` on every route but ``/healthz``.

``Depends(require(Role.ANALYST))`` answers 401 (with ``WWW-Authenticate: ApiKey``) when the
request names no valid key, and 403 when the key's role is below the one asked for. A GET
from a signed-in web session counts as that person (the web app's links and progress bar)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request

from behind.team.roles import Principal, Role
from behind.web.service import get_service, principal_of

UNAUTHENTICATED = "send an API key: Authorization: ApiKey KEY (create one with behind keys create)"


def require(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A FastAPI dependency: the request's principal, whose role is at least ``role``.

    It runs on the event loop (a key lookup is one indexed read), which spares each request a
    hop to the thread pool."""

    async def dependency(request: Request) -> Principal:
        principal = principal_of(get_service(request), request)
        if principal is None:
            raise HTTPException(401, detail=UNAUTHENTICATED, headers={"WWW-Authenticate": "ApiKey"})
        if not principal.allows(role):
            raise HTTPException(403, detail=f"this needs the role {role.value} or higher; "
                                            f"the key {principal.key_id} is {principal.role.value}")
        return principal

    dependency.__name__ = f"require_{role.value}"
    return dependency


viewer = require(Role.VIEWER)
analyst = require(Role.ANALYST)
reviewer = require(Role.REVIEWER)
admin = require(Role.ADMIN)

__all__ = ["UNAUTHENTICATED", "admin", "analyst", "require", "reviewer", "viewer"]
