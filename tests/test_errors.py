"""One error tree: every error says where it happened and which HTTP status the API answers with."""

from __future__ import annotations

import pytest

from behind.errors import (
    BehindError,
    ConfigError,
    HostileInputError,
    InputError,
    NotFoundError,
    NotReadyError,
    SourceError,
    StoreError,
    UsageError,
)


@pytest.mark.parametrize("error,status,kind", [
    (InputError("bad date", file="vendors.csv", row=12, field="date"), 422, "input"),
    (HostileInputError("XML entity declaration", file="list.xml"), 400, "hostile_input"),
    (ConfigError("unknown setting", file="config.toml", field="fetch.retry"), 422, "config"),
    (UsageError("unknown kind 'vendor'", option="--kind"), 400, "usage"),
    (NotFoundError("unknown list 'x'", what="list", name="x"), 404, "not_found"),
    (SourceError("HTTP 503", source="us_ofac_sdn", origin="https://example.org/SDN.CSV"), 502, "source"),
    (StoreError("cannot open store", path="behind.db"), 500, "store"),
    (NotReadyError("no lists loaded"), 503, "not_ready"),
])
def test_each_error_has_its_status_and_kind(error: BehindError, status: int, kind: str) -> None:
    assert isinstance(error, BehindError)
    assert error.status == status and error.kind == kind
    d = error.to_dict()
    assert d["status"] == status and d["error"] == kind and d["message"] == str(error)


def test_input_error_names_file_row_and_field() -> None:
    e = InputError("not a date", file="vendors.csv", row=12, field="date")
    assert str(e) == "vendors.csv, line 12, field 'date': not a date"
    assert e.to_dict() == {"error": "input", "message": str(e), "status": 422, "file": "vendors.csv", "row": 12,
                           "field": "date"}
    assert isinstance(HostileInputError("x"), InputError) and isinstance(UsageError("x"), InputError)


def test_source_error_names_list_and_origin() -> None:
    e = SourceError("truncated download", source="un_sc", origin="https://scsanctions.un.org/x.xml")
    assert str(e) == "un_sc (https://scsanctions.un.org/x.xml): truncated download"
    assert isinstance(NotReadyError("x"), StoreError)
