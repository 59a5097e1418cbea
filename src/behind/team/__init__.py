"""Behind for teams: the team database, API keys and roles, web sessions, the audit chain,
review cases with remembered decisions, and saved portfolios re-screened when lists change.

- :mod:`~behind.team.db`: :func:`open_team_db` (SQLite in the data folder, or PostgreSQL),
  migrated by Alembic;
- :mod:`~behind.team.roles`, :mod:`~behind.team.keys`, :mod:`~behind.team.sessions`: who may do what;
- :mod:`~behind.team.audit`: the hash-chained log and its check;
- :mod:`~behind.team.fingerprints`, :mod:`~behind.team.cases`, :mod:`~behind.team.decisions`:
  the review queue;
- :mod:`~behind.team.portfolios`, :mod:`~behind.team.webhooks`, :mod:`~behind.team.monitor`: monitoring.
"""

from behind.team.audit import AuditCheck, AuditEntry, append, entries, verify
from behind.team.cases import (
    DECISIONS,
    STATUSES,
    Case,
    CaseBatch,
    CaseEvent,
    case_history,
    cases_from_report,
    count_cases,
    get_case,
    list_cases,
)
from behind.team.db import TeamDB, open_team_db, team_db_exists
from behind.team.decisions import AllowEntry, allow, allowances, decide, expire_allowances
from behind.team.keys import ApiKeyRecord, authenticate, create_key, list_keys, revoke_key
from behind.team.portfolios import (
    ChangeReport,
    Portfolio,
    ScreenFn,
    add_portfolio,
    change_reports,
    get_portfolio,
    list_portfolios,
    rescreen,
    rescreen_all,
)
from behind.team.roles import ROLES, ForbiddenError, Principal, Role
from behind.team.sessions import WebSession, check_csrf, end_session, load_session, session_principal, start_session

__all__ = ["DECISIONS", "ROLES", "STATUSES", "AllowEntry", "ApiKeyRecord", "AuditCheck", "AuditEntry", "Case",
           "CaseBatch", "CaseEvent", "ChangeReport", "ForbiddenError", "Portfolio", "Principal", "Role",
           "ScreenFn", "TeamDB", "WebSession", "add_portfolio", "allow", "allowances", "append", "authenticate",
           "case_history", "cases_from_report", "change_reports", "check_csrf", "count_cases", "create_key",
           "decide", "end_session", "entries", "expire_allowances", "get_case", "get_portfolio", "list_cases",
           "list_keys", "list_portfolios", "load_session", "open_team_db", "rescreen", "rescreen_all",
           "revoke_key", "session_principal", "start_session", "team_db_exists", "verify"]
