"""`behind update opensanctions:DATASET`: the dataset's FtM export through the real download path,
read like `behind import`, with the CC BY-NC notice printed and recorded. A hand-written FtM file
in the shape of OpenSanctions' `entities.ftm.json` is served locally; no OpenSanctions file ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)
from typer.testing import CliRunner

from behind.cli.app import app
from behind.errors import UsageError
from behind.ingest import lists_to_update
from behind.sources.opensanctions import LICENCE, dataset_source

FIXTURE = Path(__file__).parent / "fixtures" / "opensanctions_us_dhs_uflpa.ftm.json"
NAME = "opensanctions:us_dhs_uflpa"


def test_dataset_url_and_name_check():
    spec = dataset_source(NAME)
    assert spec.name == NAME and spec.read is not None
    assert spec.urls == {"entities.ftm.json":
                         "https://data.opensanctions.org/datasets/latest/us_dhs_uflpa/entities.ftm.json"}
    assert [s.name for s in lists_to_update(["us_ofac_sdn", NAME])] == ["us_ofac_sdn", NAME]
    for bad in ("opensanctions:../../etc/passwd", "opensanctions:US_DHS", "opensanctions:", "opensanctions:a/b",
                "opensanctions:a b", "opensanctions:" + "x" * 65):
        with pytest.raises(UsageError, match="invalid OpenSanctions dataset name"):
            lists_to_update([bad])


@pytest.fixture
def publisher(server: Server):  # noqa: F811
    body, seen = FIXTURE.read_bytes(), []

    def route(h: Handler) -> None:
        seen.append(h.headers.get("If-None-Match"))
        if h.headers.get("If-None-Match") == '"os-1"':
            h.reply(304)
        else:
            h.reply(200, body, {"ETag": '"os-1"', "Content-Type": "application/json"})

    server.routes["/datasets/latest/us_dhs_uflpa/entities.ftm.json"] = route
    server.seen = seen  # type: ignore[attr-defined]
    return server


def cli(data_dir: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)], env={"COLUMNS": "200"},
                              catch_exceptions=False)


def configure(data_dir: Path, url: str, max_bytes: int = 1_000_000) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "config.toml").write_text(
        f'[fetch]\nretries = 0\nbackoff_s = 0\nmax_bytes = {max_bytes}\n'
        f'[urls."{NAME}"]\n"entities.ftm.json" = "{url}"\n', encoding="utf-8")


def test_update_fetches_loads_prints_licence_and_screens(publisher, tmp_path):
    data_dir = tmp_path / "data"
    configure(data_dir, publisher.url("/datasets/latest/us_dhs_uflpa/entities.ftm.json"))
    first = cli(data_dir, "update", NAME)
    assert first.exit_code == 0, first.output
    assert f"{NAME}: loaded version 1 with 2 records" in first.output
    assert "CC BY-NC 4.0" in first.output and "Your own licence terms apply" in " ".join(first.output.split())
    assert f"{NAME}: not modified since the last fetch" in cli(data_dir, "update", NAME).output.splitlines()
    assert publisher.seen == [None, '"os-1"']
    (version,) = json.loads(cli(data_dir, "lists", "--json").output)
    assert version["source"] == NAME and version["warnings"][0] == f"licence: {LICENCE}"
    assert version["files"][0]["origin"].endswith("/us_dhs_uflpa/entities.ftm.json")
    hits = json.loads(cli(data_dir, "search", "Hoshine Silicon Industry (Shanshan) Co., Ltd", "--json").output)
    assert (hits[0]["source"], hits[0]["programs"]) == (NAME, ["UFLPA Entity List"])


def test_size_limit_and_bad_name_leave_the_store_alone(publisher, tmp_path):
    data_dir = tmp_path / "data"
    configure(data_dir, publisher.url("/datasets/latest/us_dhs_uflpa/entities.ftm.json"), max_bytes=500)
    result = cli(data_dir, "update", NAME)
    assert result.exit_code != 0 and "limit" in result.output
    assert f"{NAME}: active version unchanged (none loaded)" in result.output
    bad = cli(data_dir, "update", "opensanctions:../secrets")
    assert bad.exit_code != 0 and "invalid OpenSanctions dataset name" in bad.output
