"""The HTTP service: yente-compatible matching, W3C reconciliation, screening jobs, review, audit."""

from behind.api.app import create_app

__all__ = ["create_app"]
