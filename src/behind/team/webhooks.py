"""Signed webhook deliveries of change reports.

The body is the change report as canonical JSON (UTF-8); the header
``X-Behind-Signature: sha256=<hex>`` is HMAC-SHA256 of exactly those bytes with the
portfolio's secret. A receiver recomputes it and compares in constant time
(:func:`verify_signature` does it). A delivery has a timeout and never raises: its outcome
(``200``, ``HTTP 500``, ``error: ConnectError: ...``) is returned to be recorded.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from behind.team.stamps import canonical_json

SIGNATURE_HEADER = "X-Behind-Signature"
TIMEOUT_S = 5.0


def sign(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: the header value for ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is the signature of ``body`` under ``secret`` (constant-time)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


def deliver(url: str, secret: str, payload: dict[str, Any], *, timeout: float = TIMEOUT_S) -> str:
    """POST ``payload`` to ``url``, signed; the outcome in words (never raises)."""
    import httpx

    body = canonical_json(payload).encode("utf-8")
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(secret, body),
               "User-Agent": "behind-webhook/1"}
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        return f"error: {exc.__class__.__name__}: {str(exc)[:150]}"
    except ValueError as exc:  # a malformed URL
        return f"error: {str(exc)[:150]}"
    return str(response.status_code) if response.is_success else f"HTTP {response.status_code}"


__all__ = ["SIGNATURE_HEADER", "TIMEOUT_S", "deliver", "sign", "verify_signature"]
