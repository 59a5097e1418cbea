"""`behind update` end to end against a real local HTTP server that injects faults.

Every failure must leave the active version untouched and say which list, file and why.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)

from behind.config import FetchSettings
from behind.errors import NotFoundError, SourceError, UsageError
from behind.ingest import (
    bundled_origins,
    ftm_source,
    import_ftm,
    lists_to_update,
    load_bundled,
    origins_for,
    update_source,
)
from behind.sources.registry import SOURCES, data_path
from behind.store import Store

CONS = SOURCES["us_ofac_cons"]
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)
FILES = {name: data_path(rel).read_bytes() for name, rel in CONS.bundled.items()}


def serve(body: bytes, etag: str = '"v1"'):
    def route(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.reply(304)
        else:
            h.reply(200, body, {"ETag": etag, "Content-Type": "text/csv"})
    return route


def truncated(body: bytes):
    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.close_connection = True
    return route


@pytest.fixture
def publisher(server: Server) -> Server:  # noqa: F811
    for name, body in FILES.items():
        server.routes[f"/{name}"] = serve(body)
    return server


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def urls(srv: Server) -> dict[str, str]:
    return {name: srv.url(f"/{name}") for name in FILES}


def test_fetch_parse_load_then_not_modified(publisher, store):
    out = update_source(store, CONS, urls(publisher), settings=FAST)
    assert out.status == "loaded" and out.result.version.record_count == 442
    v = store.active_version("us_ofac_cons")
    assert {f.name for f in v.files} == set(FILES) and all(f.etag == '"v1"' for f in v.files)
    again = update_source(store, CONS, urls(publisher), settings=FAST)
    assert again.status == "not_modified"
    assert len(store.versions("us_ofac_cons")) == 1


def test_truncated_download_leaves_active_version(publisher, store):
    first = update_source(store, CONS, urls(publisher), settings=FAST).result.version
    publisher.routes["/cons_alt.csv"] = truncated(FILES["cons_alt.csv"] + b"\r\n")
    with pytest.raises(SourceError, match="truncated") as exc:
        update_source(store, CONS, urls(publisher), settings=FAST, force=True)
    assert "cons_alt.csv" in str(exc.value)
    assert store.active_version("us_ofac_cons").id == first.id


def test_server_error_leaves_active_version(publisher, store):
    first = update_source(store, CONS, urls(publisher), settings=FAST).result.version
    publisher.routes["/cons_prim.csv"] = lambda h: h.reply(503, b"down for maintenance")
    with pytest.raises(SourceError, match="503"):
        update_source(store, CONS, urls(publisher), settings=FAST, force=True)
    assert store.active_version("us_ofac_cons").id == first.id
    assert publisher.hits["/cons_prim.csv"] == 1 + 1 + FAST.retries  # 1 good + attempts on the bad one


def test_malformed_file_names_url_and_line(publisher, store):
    first = update_source(store, CONS, urls(publisher), settings=FAST).result.version
    page = b"<html><body>Service temporarily unavailable</body></html>\r\n"
    publisher.routes["/cons_prim.csv"] = serve(page, etag='"v2"')
    with pytest.raises(SourceError) as exc:
        update_source(store, CONS, urls(publisher), settings=FAST)
    msg = str(exc.value)
    assert "us_ofac_cons" in msg and publisher.url("/cons_prim.csv") in msg and "line 1" in msg
    assert store.active_version("us_ofac_cons").id == first.id


def test_shrunken_list_refused_unless_forced(publisher, store):
    update_source(store, CONS, urls(publisher), settings=FAST)
    rows = FILES["cons_prim.csv"].split(b"\r\n")
    keep = {r.split(b",", 1)[0] for r in rows[:300]}
    publisher.routes["/cons_prim.csv"] = serve(b"\r\n".join(rows[:300]), etag='"v2"')
    for name in ("cons_alt.csv", "cons_add.csv", "cons_comments.csv"):
        kept = [r for r in FILES[name].split(b"\r\n") if r.split(b",", 1)[0] in keep]
        publisher.routes[f"/{name}"] = serve(b"\r\n".join(kept), etag='"v2"')
    with pytest.raises(SourceError, match="32% fewer"):
        update_source(store, CONS, urls(publisher), settings=FAST)
    assert store.active_version("us_ofac_cons").record_count == 442
    forced = update_source(store, CONS, urls(publisher), settings=FAST, force=True)
    assert forced.result.version.record_count == 300
    assert forced.result.previous.record_count == 442


def test_local_folder_and_missing_required_file(tmp_path, store):
    folder = tmp_path / "cons"
    folder.mkdir()
    for name, body in FILES.items():
        (folder / name.upper()).write_bytes(body)  # publishers' upper-case names are found too
    out = update_source(store, CONS, origins_for(CONS, from_path=folder), settings=FAST)
    assert out.result.version.record_count == 442
    (folder / "CONS_PRIM.CSV").unlink()
    with pytest.raises(SourceError, match="required file"):
        origins_for(CONS, from_path=folder)


def test_hostile_xml_refused_and_active_kept(tmp_path, store):
    un = SOURCES["un_sc"]
    first = load_bundled(store, un).result.version
    bomb = tmp_path / "consolidated.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
                    "<CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>\n", encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        update_source(store, un, origins_for(un, from_path=bomb), settings=FAST)
    assert str(bomb) in str(exc.value)
    assert store.active_version("un_sc").id == first.id


def test_every_bundled_list_loads(store):
    counts = {name: load_bundled(store, spec).result.version.record_count for name, spec in SOURCES.items()}
    assert counts == {"us_ofac_sdn": 8976, "us_ofac_cons": 442, "us_trade_csl": 115, "un_sc": 1003,
                      "us_bis_dpl": 581, "us_dhs_uflpa": 66, "us_fcc_covered": 13, "us_bis_entity_list": 55,
                      "eu_fsf": 2, "gb_fcdo": 4, "us_dod_1260h": 217, "curated": 405}
    assert all(p.endswith(SOURCES["curated"].bundled["ecosystem.yaml"].split("/")[-1])
               for p in bundled_origins(SOURCES["curated"]).values())


def test_lists_to_update():
    assert [s.name for s in lists_to_update(None)] == [n for n, s in SOURCES.items() if s.urls]
    assert [s.name for s in lists_to_update(None, bundled=True)] == list(SOURCES)
    assert [s.name for s in lists_to_update(["curated", "un_sc", "curated"])] == ["curated", "un_sc"]
    with pytest.raises(NotFoundError, match="unknown list 'no_such_list'; known lists: us_ofac_sdn") as exc:
        lists_to_update(["un_sc", "no_such_list"])
    assert exc.value.name == "no_such_list"


@pytest.mark.parametrize("exc,shown", [(KeyError("uid"), "KeyError: 'uid'"),
                                       (RecursionError("too deep"), "RecursionError: too deep"),
                                       (TypeError("unhashable type: 'list'"), "TypeError: unhashable")])
def test_a_reader_tripping_over_a_file_is_a_source_error(tmp_path, store, exc, shown):
    def broken(files: dict[str, Path], name: str):
        raise exc
    spec = replace(SOURCES["un_sc"], read=broken)
    with pytest.raises(SourceError, match=r"un_sc: cannot parse \(.*UN_consolidated.xml\): " + shown):
        update_source(store, spec, bundled_origins(spec), settings=FAST)
    assert store.active_version("un_sc") is None


def test_import_ftm_and_its_errors(tmp_path, store):
    with pytest.raises(UsageError, match="--source needs a name"):
        ftm_source(" ")
    with pytest.raises(UsageError, match="has no bundled copy"):
        load_bundled(store, ftm_source("uflpa"))
    with pytest.raises(SourceError, match="no such file"):
        import_ftm(store, str(tmp_path / "missing.json"), "uflpa")
    path = tmp_path / "uflpa.ftm.json"
    path.write_text('{"id": "x1", "schema": "Company", "properties": {"name": ["Xinjiang Example Co"]}}\n',
                    encoding="utf-8")
    out = import_ftm(store, str(path), "uflpa", settings=FAST)
    assert out.status == "loaded" and out.result.version.record_count == 1
    assert out.result.version.files[0].origin == str(path)
