"""Roles of API keys, lowest first: ``viewer < analyst < reviewer < admin``.

- ``viewer``: search, match, explain, read reports, cases and the audit log;
- ``analyst``: also upload screenings and save portfolios;
- ``reviewer``: also decide cases (confirm, clear as false positive, escalate) and allow-list;
- ``admin``: also create and revoke keys.

A role allows what every role below it allows (:meth:`Role.allows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from behind.errors import BehindError, UsageError


class ForbiddenError(BehindError):
    """The key's role is too low for what was asked (HTTP 403). Names both roles."""

    status = 403
    kind = "forbidden"

    def __init__(self, message: str, *, role: str | None = None, required: str | None = None) -> None:
        super().__init__(message)
        self.role = role
        self.required = required


class Role(str, Enum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    def allows(self, required: Role) -> bool:
        """Whether this role may do what ``required`` may: the same role or a lower one."""
        return self.rank >= required.rank

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value``; :class:`~behind.errors.UsageError` naming the roles otherwise."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise UsageError(f"unknown role {value!r}; the roles are: {', '.join(r.value for r in _ORDER)}",
                             option="--role") from None


_ORDER = (Role.VIEWER, Role.ANALYST, Role.REVIEWER, Role.ADMIN)
ROLES = tuple(r.value for r in _ORDER)


@dataclass(frozen=True)
class Principal:
    """Who makes a request: the key's id, the name it was created with, and its role."""

    key_id: str
    name: str
    role: Role

    @property
    def actor(self) -> str:
        """How the audit log names this person: ``name (key id)``."""
        return f"{self.name} ({self.key_id})"

    def allows(self, required: Role) -> bool:
        return self.role.allows(required)

    def require(self, required: Role, what: str) -> None:
        """Raise :class:`ForbiddenError` unless this principal's role allows ``required``."""
        if not self.role.allows(required):
            raise ForbiddenError(f"{what} needs the role {required.value} or higher; "
                                 f"the key {self.key_id} has {self.role.value}",
                                 role=self.role.value, required=required.value)


__all__ = ["ROLES", "ForbiddenError", "Principal", "Role"]
