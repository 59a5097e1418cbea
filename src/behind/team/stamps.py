"""Times, canonical JSON and digests every team module stamps its rows with."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """``2026-01-31T09:15:02.123456+00:00``: one fixed-width form, so times sort as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def now_iso() -> str:
    return iso(utc_now())


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and non-ASCII kept: the same bytes for the same value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["canonical_json", "iso", "now_iso", "sha256_hex", "utc_now"]
