"""The review queue and the audit log: ``GET /cases``, ``GET /cases/{id}``, ``POST /cases/{id}/decision``
(reviewer), ``GET /audit`` and ``GET /audit/verify`` (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query as Param
from pydantic import BaseModel, Field

from behind.api.auth import admin, reviewer, viewer
from behind.team.audit import entries, verify
from behind.team.cases import STATUSES, Case, case_history, get_case, list_cases
from behind.team.decisions import MAX_REASON, decide
from behind.team.portfolios import change_reports, get_portfolio
from behind.team.roles import Principal
from behind.web.service import Service, get_service

router = APIRouter(tags=["review and audit"])
Svc = Annotated[Service, Depends(get_service)]


class CaseEventOut(BaseModel):
    at: str
    actor: str
    event: str
    status: str
    reason: str | None = None
    screening_id: int | None = None


class CaseOut(BaseModel):
    """An alert under review: open, confirmed, false_positive, escalated or allowed."""

    id: int
    status: str
    fingerprint: str
    record_key: str
    record_name: str
    summary: str
    input_name: str
    kind: str
    row: int
    row_identity: dict[str, str]
    evidence: dict[str, Any]
    created_at: str
    updated_at: str
    reviewer: str | None = None
    reason: str | None = None
    decided_at: str | None = None
    note: str | None = Field(None, description="why the case reopened (what changed in the record)")
    history: list[CaseEventOut] = Field(default_factory=list)

    @classmethod
    def of(cls, case: Case, history: list[CaseEventOut] | None = None) -> CaseOut:
        data = {k: v for k, v in case.to_dict().items() if k in cls.model_fields}
        return cls(**data, history=history or [])


class Decision(BaseModel):
    status: str = Field(description="confirmed, false_positive, escalated (or open, to reopen)")
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class AuditEntryOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditCheckOut(BaseModel):
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def _history(service: Service, case_id: int) -> list[CaseEventOut]:
    return [CaseEventOut(**vars(e)) for e in case_history(service.db, case_id)]


@router.get("/cases", response_model=list[CaseOut], summary="The review queue")
def cases(service: Svc, _who: Annotated[Principal, Depends(viewer)],
          status: Annotated[str | None, Param(description=", ".join(STATUSES))] = None,
          input_name: str | None = None, record: str | None = None, screening_id: int | None = None,
          limit: Annotated[int, Param(ge=1, le=1000)] = 100, offset: Annotated[int, Param(ge=0)] = 0
          ) -> list[CaseOut]:
    found = list_cases(service.db, status=status, input_name=input_name, record=record, screening_id=screening_id,
                       limit=limit, offset=offset)
    return [CaseOut.of(c) for c in found]


@router.get("/cases/{case_id}", response_model=CaseOut, summary="A case and its history")
def case(case_id: int, service: Svc, _who: Annotated[Principal, Depends(viewer)]) -> CaseOut:
    return CaseOut.of(get_case(service.db, case_id), _history(service, case_id))


@router.post("/cases/{case_id}/decision", response_model=CaseOut, summary="Decide a case")
def decision(case_id: int, body: Decision, service: Svc,
             who: Annotated[Principal, Depends(reviewer)]) -> CaseOut:
    """Confirm, clear as a false positive or escalate, with a reason; remembered for later screenings."""
    decided = decide(service.db, case_id, body.status, who, body.reason)
    return CaseOut.of(decided, _history(service, case_id))


@router.get("/audit", response_model=list[AuditEntryOut], summary="The audit log, newest first")
def audit(service: Svc, _who: Annotated[Principal, Depends(admin)],
          limit: Annotated[int, Param(ge=1, le=5000)] = 200, action: str | None = None) -> list[AuditEntryOut]:
    return [AuditEntryOut(**e.to_dict()) for e in entries(service.db, limit=limit, newest_first=True, action=action)]


@router.get("/audit/verify", response_model=AuditCheckOut, summary="Check the audit chain")
def audit_verify(service: Svc, _who: Annotated[Principal, Depends(admin)]) -> AuditCheckOut:
    check = verify(service.db)
    return AuditCheckOut(ok=check.ok, checked=check.checked, broken_at=check.broken_at, reason=check.reason)


class ChangeReportOut(BaseModel):
    """What a re-screen of a saved portfolio changed: new and resolved alerts."""

    portfolio: str
    portfolio_id: int
    run_id: int
    previous_run_id: int | None = None
    at: str
    trigger: str
    new_alerts: list[dict[str, Any]]
    resolved_alerts: list[dict[str, Any]]
    unchanged: int
    reopened: list[dict[str, Any]]
    webhook: str | None = None


@router.get("/changes", response_model=list[ChangeReportOut], summary="Portfolio change reports, newest first")
def changes(service: Svc, _who: Annotated[Principal, Depends(viewer)], portfolio: str | None = None,
            limit: Annotated[int, Param(ge=1, le=500)] = 50) -> list[ChangeReportOut]:
    pid = get_portfolio(service.db, portfolio).id if portfolio else None
    return [ChangeReportOut(**vars(r)) for r in change_reports(service.db, pid, limit=limit)]


__all__ = ["AuditEntryOut", "CaseOut", "ChangeReportOut", "Decision", "router"]
