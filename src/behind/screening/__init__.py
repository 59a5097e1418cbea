"""Screening: rows of a vendor, product, device, holding or collaborator file, screened as of a date."""

from behind.screening.checkpoint import Checkpoint
from behind.screening.factory import build_screener
from behind.screening.outputs import OutputLock, check_outputs
from behind.screening.request import ENGINES, ScreenProgress, ScreenRequest
from behind.screening.runner import ProgressCallback, ScreenRun, file_sha256, screen_to_checkpoint
from behind.screening.screener import KINDS, Screener, affiliation_parts, issuer_name

__all__ = ["ENGINES", "KINDS", "Checkpoint", "OutputLock", "ProgressCallback", "ScreenProgress", "ScreenRequest",
           "ScreenRun", "Screener", "affiliation_parts", "build_screener", "check_outputs", "file_sha256",
           "issuer_name", "screen_to_checkpoint"]
