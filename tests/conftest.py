"""Shared fixtures: a store loaded once with every bundled list."""

from __future__ import annotations

from pathlib import Path

import pytest

from behind.config import Settings
from behind.matching.match import Index
from behind.sources.registry import SOURCES
from behind.store.sqlite import Store
from behind.ingest.update import load_bundled


@pytest.fixture(scope="session")
def loaded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose store holds every bundled list (loaded once per test run)."""
    data_dir = tmp_path_factory.mktemp("behind-data")
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
    return data_dir


@pytest.fixture(scope="session")
def index(loaded_dir: Path) -> Index:
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        return Index.from_store(store)
