"""The application as ``behind serve`` starts it: uvicorn imports this module by name and calls
:func:`app_from_environment`, so the command line loads the web stack only when it serves.

``behind serve`` passes its options in ``BEHIND_SERVE_*`` environment variables: the data
folder, the settings file, the team database URL, the upload limit in bytes and whether
cookies are ``Secure``."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from behind.api.app import create_app
from behind.config import load_settings
from behind.web.service import MAX_UPLOAD_BYTES, open_service

ENV_DATA_DIR = "BEHIND_SERVE_DATA_DIR"
ENV_CONFIG = "BEHIND_SERVE_CONFIG"
ENV_DATABASE = "BEHIND_SERVE_DATABASE"
ENV_MAX_UPLOAD = "BEHIND_SERVE_MAX_UPLOAD"
ENV_HTTPS = "BEHIND_SERVE_HTTPS"


def app_from_environment() -> FastAPI:
    config = os.environ.get(ENV_CONFIG)
    settings = load_settings(Path(os.environ[ENV_DATA_DIR]), Path(config) if config else None)
    service = open_service(settings, os.environ.get(ENV_DATABASE) or None,
                           max_upload=int(os.environ.get(ENV_MAX_UPLOAD, MAX_UPLOAD_BYTES)),
                           secure_cookies=os.environ.get(ENV_HTTPS) == "1")
    return create_app(service)


__all__ = ["ENV_CONFIG", "ENV_DATABASE", "ENV_DATA_DIR", "ENV_HTTPS", "ENV_MAX_UPLOAD", "app_from_environment"]
