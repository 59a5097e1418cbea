"""GLEIF: LEI records in the API's real format, read from files and through a real HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)

from behind.config import FetchSettings
from behind.errors import SourceError, UsageError
from behind.ingest.gleif import gleif_origins, update_gleif
from behind.matching.match import Index, Query
from behind.sources.gleif import check_lei, parent_urls, read_gleif
from behind.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "gleif"
SGE, AIRBUS, SOCGEN = "529900W18LQJJN6SJ336", "529900FCMZ4LKXFD0R69", "O2RNE8IBXP4R0TD8PU41"
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


def fixture_files() -> dict[str, Path]:
    return {p.name: p for p in FIXTURES.glob("*.json")}


def test_a_record_gives_names_language_registration_addresses_and_parents():
    parsed = read_gleif(fixture_files())
    records = {e.source_id: e for e in parsed.entities}
    assert set(records) == {SGE, AIRBUS, SOCGEN}  # the parent is a record of its own
    sge = records[SGE]
    assert sge.name == "Société Générale Effekten GmbH" and sge.extra["legal_name_language"] == "fr"
    assert [a.name for a in sge.aliases] == ["Societe Generale Effekten GmbH"]
    idents = {(i.scheme, i.value): i for i in sge.identifiers}
    assert ("lei", SGE) in idents and ("swift", "SGEFDEFFXXX") in idents
    reg = idents[("registration", "HRB 32283")]
    assert reg.country == "DE" and "RA000242" in (reg.note or "")
    assert sge.addresses[0].city == "Frankfurt am Main" and sge.countries == ["DE"]
    assert {(link.relation, link.target_id, link.target) for link in sge.links} == {
        ("subsidiary_of", SOCGEN, "SOCIETE GENERALE"), ("owned_by", SOCGEN, "SOCIETE GENERALE")}
    assert records[AIRBUS].links == []  # both parents are reporting exceptions


def test_parents_are_fetched_only_where_gleif_reports_them():
    sge = json.loads((FIXTURES / f"{SGE}.json").read_text(encoding="utf-8"))
    airbus = json.loads((FIXTURES / f"{AIRBUS}.json").read_text(encoding="utf-8"))
    assert parent_urls(sge, "http://x/api/v1") == {
        f"{SGE}.direct-parent.json": f"http://x/api/v1/lei-records/{SGE}/direct-parent",
        f"{SGE}.ultimate-parent.json": f"http://x/api/v1/lei-records/{SGE}/ultimate-parent"}
    assert parent_urls(airbus) == {}


@pytest.mark.parametrize("bad", ["529900W18LQJJN6SJ337", "529900W18LQJJN6SJ3", "not an lei", ""])
def test_bad_leis_are_refused_before_any_request(bad):
    with pytest.raises(UsageError):
        check_lei(bad)


def _publish(srv: Server) -> None:
    def serve(body: bytes):
        def route(h: Handler) -> None:
            h.reply(200, body, {"Content-Type": "application/vnd.api+json"})
        return route
    for name, path in fixture_files().items():
        lei, _, rest = name.partition(".")
        tail = "" if rest == "json" else "/" + rest.removesuffix(".json")
        srv.routes[f"/api/v1/lei-records/{lei}{tail}"] = serve(path.read_bytes())


def test_update_through_the_api_loads_records_parents_and_relations(server: Server, tmp_path: Path):  # noqa: F811
    _publish(server)
    api = server.url("/api/v1")
    assert set(gleif_origins([SGE.lower(), AIRBUS], settings=FAST, api=api)) == {
        f"{SGE}.json", f"{AIRBUS}.json", f"{SGE}.direct-parent.json", f"{SGE}.ultimate-parent.json"}
    with Store(tmp_path / "behind.db") as store:
        outcome = update_gleif(store, [SGE, AIRBUS], settings=FAST, api=api)
        assert outcome.status == "loaded"
        entities = {e.source_id: e for e in store.entities("gleif")}
        assert set(entities) == {SGE, AIRBUS, SOCGEN}
        assert entities[SGE].links[0].target_id == SOCGEN
        # the register's names are matched like any list's: the transliterated name finds the record
        index = Index(store.entities())
        assert index.search(Query(name="Societe Generale Effekten"))[0].entity.source_id == SGE
    assert server.hits[f"/api/v1/lei-records/{AIRBUS}/direct-parent"] == 0  # not reported: never asked


def test_a_failed_download_leaves_nothing_loaded(server: Server, tmp_path: Path):  # noqa: F811
    _publish(server)
    server.routes[f"/api/v1/lei-records/{SGE}/direct-parent"] = lambda h: h.reply(500, b"oops")
    with Store(tmp_path / "behind.db") as store:
        with pytest.raises(SourceError):
            update_gleif(store, [SGE], settings=FAST, api=server.url("/api/v1"))
        assert store.active_version("gleif") is None
