"""API keys over HTTP, for an admin: ``GET /keys``, ``POST /keys`` (the new key is in the answer,
once) and ``POST /keys/{id}/revoke``. Each creation and revocation is an audit entry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from behind.api.auth import admin
from behind.team.keys import ApiKeyRecord, create_key, list_keys, revoke_key
from behind.team.roles import ROLES, Principal
from behind.web.service import Service, get_service

router = APIRouter(tags=["keys"])
Svc = Annotated[Service, Depends(get_service)]
Admin = Annotated[Principal, Depends(admin)]


class KeyOut(BaseModel):
    """A key as stored: never the key itself."""

    id: str
    name: str
    role: str
    created_at: str
    created_by: str
    revoked_at: str | None = None

    @classmethod
    def of(cls, record: ApiKeyRecord) -> KeyOut:
        return cls(id=record.id, name=record.name, role=record.role.value, created_at=record.created_at,
                   created_by=record.created_by, revoked_at=record.revoked_at)


class NewKey(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="the person or system that uses the key")
    role: str = Field(description=", ".join(ROLES))


class CreatedKey(KeyOut):
    key: str = Field(description="the key: shown this once, only its hash is stored")


@router.get("/keys", response_model=list[KeyOut], summary="Every key (never the keys themselves)")
def keys(service: Svc, _who: Admin) -> list[KeyOut]:
    return [KeyOut.of(r) for r in list_keys(service.db)]


@router.post("/keys", response_model=CreatedKey, status_code=201, summary="Create a key")
def create(body: NewKey, service: Svc, who: Admin) -> CreatedKey:
    record, key = create_key(service.db, body.name, body.role, created_by=who.actor)
    return CreatedKey(**KeyOut.of(record).model_dump(), key=key)


@router.post("/keys/{key_id}/revoke", response_model=KeyOut, summary="Revoke a key (its sessions end)")
def revoke(key_id: str, service: Svc, who: Admin) -> KeyOut:
    return KeyOut.of(revoke_key(service.db, key_id[:64], actor=who.actor))


__all__ = ["CreatedKey", "KeyOut", "NewKey", "router"]
