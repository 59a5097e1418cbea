"""Who is signed in to the web app, and the checks of a page: session, role, CSRF token.

A page that needs a session and finds none raises :class:`PageError` with 401 (the app renders
the sign-in form with that status); a role too low is 403, as is a form whose CSRF token is
missing or not the session's."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from behind.team.roles import Principal, Role
from behind.team.sessions import WebSession, check_csrf
from behind.web.service import Service, get_service, web_session

LOGIN_COOKIE = "behind_login"


class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Visitor:
    """A signed-in person on a page."""

    service: Service
    session: WebSession
    principal: Principal

    @property
    def csrf(self) -> str:
        return self.session.csrf_token

    def can(self, role: str) -> bool:
        return self.principal.allows(Role(role))


def visitor(request: Request, role: Role = Role.VIEWER) -> Visitor:
    service = get_service(request)
    found = web_session(service, request)
    if found is None:
        raise PageError(401, "Sign in with your API key.")
    session, principal = found
    if not principal.allows(role):
        raise PageError(403, f"This page needs the role {role.value} or higher; you are {principal.role.value}.")
    return Visitor(service, session, principal)


def check_form(who: Visitor, token: object) -> None:
    """Refuse (403) a form post whose CSRF token is not the session's."""
    if not isinstance(token, str) or not check_csrf(who.session, token):
        raise PageError(403, "The form's security token is missing or out of date; reload the page and try again.")


__all__ = ["LOGIN_COOKIE", "PageError", "Visitor", "check_form", "visitor"]
