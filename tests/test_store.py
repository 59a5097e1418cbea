"""The embedded store: atomic loads, versions, shrink guard, restore."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
import yaml

from behind.errors import NotFoundError, NotReadyError, SourceError, StoreError
from behind.model.entity import Entity, Link
from behind.sources.base import ParsedList
from behind.sources.curated import read_curated
from behind.sources.registry import data_path
from behind.store import SCHEMA_VERSION, FileInfo, Store, export_ftm


def parsed(n: int, source: str = "test_list", prefix: str = "ACME") -> ParsedList:
    return ParsedList(source, [Entity(source, str(i), "Organization", f"{prefix} {i} LTD") for i in range(n)])


def files(tag: str) -> list[FileInfo]:
    return [FileInfo(name="list.csv", origin=f"/tmp/{tag}", sha256=tag * 8, size=10)]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db", keep_versions=3) as s:
        yield s


def test_load_makes_version_active(store):
    result = store.load(parsed(10), files("a"))
    assert result.changed and result.previous is None
    v = store.active_version("test_list")
    assert v.record_count == 10 and v.counts == {"Organization": 10} and v.active
    assert store.entity("test_list", "3").name == "ACME 3 LTD"
    assert len(list(store.entities("test_list"))) == 10


def test_same_files_are_not_stored_twice(store):
    store.load(parsed(10), files("a"))
    again = store.load(parsed(10), files("a"))
    assert not again.changed and len(store.versions("test_list")) == 1


def test_failure_mid_load_keeps_previous_version(store, monkeypatch):
    first = store.load(parsed(10), files("a")).version

    class Boom(Exception):
        pass

    def explode(data):  # fails on the 500th record, after 499 rows were inserted in the transaction
        if data["source_id"] == "499":
            raise Boom
        return data
    broken = parsed(1000, prefix="NEW")
    for e in broken.entities:
        original = e.to_dict
        e.to_dict = (lambda orig: (lambda: explode(orig())))(original)  # type: ignore[method-assign]
    with pytest.raises(Boom):
        store.load(broken, files("b"))
    assert store.active_version("test_list").id == first.id
    assert [v.id for v in store.versions("test_list")] == [first.id]  # no half version left behind
    assert all(e.name.startswith("ACME") for e in store.entities("test_list"))


def test_shrink_refused_unless_forced(store):
    store.load(parsed(100), files("a"))
    with pytest.raises(SourceError, match="25% fewer than the active version") as exc:
        store.load(parsed(75), files("b"))
    assert "--force" in str(exc.value)
    assert store.active_version("test_list").record_count == 100
    assert store.load(parsed(85), files("c")).changed  # 15% is within the 20% default
    assert store.load(parsed(10), files("d"), force=True).version.record_count == 10


def test_empty_version_refused(store):
    with pytest.raises(SourceError, match="no records"):
        store.load(ParsedList("test_list", []), files("a"))


def test_duplicate_ids_refused(store):
    p = parsed(3)
    p.entities.append(Entity("test_list", "1", "Organization", "DUP"))
    with pytest.raises(SourceError, match="duplicate record ids"):
        store.load(p, files("a"))
    assert store.active_version("test_list") is None


def test_restore_previous_and_named_version(store):
    v1 = store.load(parsed(10), files("a")).version
    v2 = store.load(parsed(11), files("b")).version
    assert store.restore("test_list").id == v1.id
    assert store.active_version("test_list").record_count == 10
    assert store.restore("test_list", v2.id).record_count == 11
    with pytest.raises(NotFoundError, match="no version 999"):
        store.restore("test_list", 999)
    with pytest.raises(NotFoundError, match="no versions of 'other_list' in the store; stored lists: test_list"):
        store.restore("other_list")


def test_restore_with_nothing_older(store):
    store.load(parsed(10), files("a"))
    with pytest.raises(NotFoundError, match="no version older than the active one"):
        store.restore("test_list")


def test_old_versions_pruned_but_active_kept(store):
    ids = [store.load(parsed(10 + i), files(chr(97 + i))).version.id for i in range(5)]
    assert [v.id for v in store.versions("test_list")] == ids[::-1][:3]


def test_store_survives_reopen(tmp_path):
    with Store(tmp_path / "b.db") as s:
        s.load(parsed(5), files("a"))
    with Store(tmp_path / "b.db") as s:
        assert s.active_version("test_list").record_count == 5


def test_not_a_database(tmp_path):
    bad = tmp_path / "behind.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(bad)


def test_sqlite_is_the_storage(store, tmp_path):
    store.load(parsed(3), files("a"))
    con = sqlite3.connect(tmp_path / "behind.db")
    assert con.execute("SELECT count(*) FROM records").fetchone()[0] == 3
    con.close()


def test_relation_count_is_stored_with_each_version(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        v = s.load(read_curated(data_path("curated/ecosystem.yaml")), files("a")).version
        assert v.relation_count == 229
        assert s.load(parsed(3, source="curated"), files("b"), force=True).version.relation_count == 0
        assert s.restore("curated").relation_count == 229
        assert [x.relation_count for x in s.versions("curated")] == [0, 229]
    con = sqlite3.connect(tmp_path / "behind.db")
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert "relations" not in tables  # the graph reads the records' links; no second copy is kept


def test_require_loaded(store):
    with pytest.raises(NotReadyError, match="no lists loaded .*behind update") as exc:
        store.require_loaded()
    assert exc.value.path == str(store.path)
    store.load(parsed(3), files("a"))
    assert [v.source for v in store.require_loaded()] == ["test_list"]
    with pytest.raises(NotFoundError, match="list 'curated' is not loaded; loaded lists: test_list"):
        store.require_loaded(["curated"])


def test_export_ftm(store, tmp_path):
    with pytest.raises(NotReadyError):
        export_ftm(store, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()
    store.load(parsed(3), files("a"))
    assert export_ftm(store, tmp_path / "out.json", ["test_list"]) == 6  # each record and its Sanction
    assert not (tmp_path / "out.json.part").exists()


# ---------------------------------------------------------------------------- schema 1 stores

_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE versions (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, origin TEXT NOT NULL,
    fetched_at TEXT NOT NULL, loaded_at TEXT NOT NULL, published TEXT, sha256 TEXT NOT NULL, files TEXT NOT NULL,
    record_count INTEGER NOT NULL, counts TEXT NOT NULL, warnings TEXT NOT NULL);
CREATE INDEX versions_source ON versions (source, id);
CREATE TABLE records (version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL, schema TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL);
CREATE UNIQUE INDEX records_key ON records (version_id, source_id);
CREATE TABLE relations (version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL, relation TEXT NOT NULL, target_id TEXT, target TEXT NOT NULL, share REAL,
    start TEXT, "end" TEXT, sources TEXT NOT NULL);
CREATE INDEX relations_version ON relations (version_id, source_id);
CREATE TABLE active (source TEXT PRIMARY KEY, version_id INTEGER NOT NULL REFERENCES versions (id),
    activated_at TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
"""


def _schema_1_store(path):
    """A store as Behind 0.1 wrote it: two versions of a list, the first stating two relations."""
    con = sqlite3.connect(path)
    con.executescript(_SCHEMA_1)
    entity = Entity("test_list", "1", "Company", "ACME LTD", links=[Link("owned_by", "HOLDCO", "2")])
    for vid, relations in ((1, 2), (2, 0)):
        con.execute("INSERT INTO versions VALUES (?, 'test_list', '/tmp/x', '2024-01-01T00:00:00+00:00',"
                    " '2024-01-01T00:00:00+00:00', NULL, ?, '[]', 1, '{\"Company\": 1}', '[]')", (vid, f"{vid}" * 64))
        con.execute("INSERT INTO records VALUES (?, '1', 'Company', 'ACME LTD', ?)",
                    (vid, json.dumps(entity.to_dict())))
        for n in range(relations):
            con.execute("INSERT INTO relations VALUES (?, '1', 'owned_by', '2', 'HOLDCO', NULL, NULL, NULL, '[]')",
                        (vid,))
    con.execute("INSERT INTO active VALUES ('test_list', 2, '2024-01-01T00:00:00+00:00')")
    con.commit()
    con.close()


def test_schema_1_store_is_migrated_keeping_its_data(tmp_path):
    path = tmp_path / "behind.db"
    _schema_1_store(path)
    with Store(path) as s:
        assert {v.id: v.relation_count for v in s.versions("test_list")} == {2: 0, 1: 2}
        assert {v.id: v.listing_count for v in s.versions("test_list")} == {2: 1, 1: 1}
        assert s.active_version("test_list").id == 2
        assert [e.name for e in s.entities("test_list")] == ["ACME LTD"]
        assert s.restore("test_list").id == 1
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert con.execute("SELECT name FROM sqlite_master WHERE name = 'relations'").fetchone() is None
    con.close()
    with Store(path) as s:  # opening it again changes nothing
        assert len(s.versions("test_list")) == 2


def test_store_from_a_newer_behind_is_refused(tmp_path):
    path = tmp_path / "behind.db"
    with Store(path):
        pass
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="store schema 99 is not schema 3.*upgrade Behind, or delete the file") as exc:
        Store(path)
    assert exc.value.path == str(path)


def test_schema_2_store_gets_listing_counts_from_its_records(tmp_path):
    path = tmp_path / "behind.db"
    with Store(path) as s:
        s.load(read_curated(data_path("curated/ecosystem.yaml")), files("a"))
        s.load(parsed(4), files("b"))
    con = sqlite3.connect(path)  # take it back to schema 2: no listing counts
    con.execute("ALTER TABLE versions DROP COLUMN listing_count")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with Store(path) as s:
        assert {v.source: v.listing_count for v in s.active_versions()} == {"curated": 295, "test_list": 4}
        assert {v.source: v.relation_count for v in s.active_versions()} == {"curated": 229, "test_list": 0}


# ---------------------------------------------------------------------------- the shrink guard


def linked(n: int, relations: int, programs: int, tag: str = "") -> ParsedList:
    """``n`` records; the first ``relations`` state a relation, the first ``programs`` carry two programs."""
    return ParsedList("test_list", [
        Entity("test_list", str(i), "Company", f"ACME {i} LTD",
               links=[Link("owned_by", "HOLDCO", "0")] if i < relations else [],
               programs=["SDGT", "IRAN"] if i < programs else ["SDGT"])
        for i in range(n)])


def test_listing_count_is_stored_with_each_version(store):
    v = store.load(linked(10, 4, 5), files("a")).version
    assert (v.record_count, v.relation_count, v.listing_count) == (10, 4, 15)


def test_fewer_relations_refused_though_records_unchanged(store):
    store.load(linked(10, 10, 0), files("a"))
    with pytest.raises(SourceError, match=r"the new version has 7 relations, 30% fewer than the active version "
                                          r"1 \(10\); the limit is 20%.*--force"):
        store.load(linked(10, 7, 0), files("b"))
    assert store.active_version("test_list").relation_count == 10
    assert store.load(linked(10, 8, 0), files("c")).version.relation_count == 8  # 20% is within the limit
    assert store.load(linked(10, 0, 0), files("d"), force=True).version.relation_count == 0


def test_fewer_listings_refused_though_records_unchanged(store):
    store.load(linked(10, 0, 10), files("a"))  # 20 listings
    with pytest.raises(SourceError, match=r"has 14 listings, 30% fewer than the active version 1 \(20\)"):
        store.load(linked(10, 0, 4), files("b"))
    assert store.active_version("test_list").listing_count == 20


def test_every_measure_that_shrank_is_named(store):
    store.load(linked(10, 10, 10), files("a"))
    with pytest.raises(SourceError) as exc:
        store.load(linked(5, 0, 0), files("b"))
    assert "5 records, 50% fewer" in str(exc.value) and "0 relations, 100% fewer" in str(exc.value)
    assert "5 listings, 75% fewer" in str(exc.value)


def test_curated_file_losing_relations_and_listings_is_refused(tmp_path):
    """The probe's truncated ``ecosystem.yaml`` kept its records but lost relations and every
    listing. A file that loses them with its structure intact is refused by the shrink guard."""
    doc = yaml.safe_load(data_path("curated/ecosystem.yaml").read_text(encoding="utf-8"))
    doc["relations"], doc["listings"] = doc["relations"][:12], []
    short = tmp_path / "ecosystem.yaml"
    short.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with Store(tmp_path / "behind.db") as s:
        first = s.load(read_curated(data_path("curated/ecosystem.yaml")), files("a")).version
        with pytest.raises(SourceError) as exc:
            s.load(read_curated(short), files("b"))
        msg = str(exc.value)
        assert "12 relations, 95% fewer than the active version" in msg and "(229)" in msg
        assert "0 listings, 100% fewer" in msg and "(295)" in msg and "records" not in msg.split(";")[0]
        assert s.active_version("curated").id == first.id


# ---------------------------------------------------------------------------- two loads at once


def _load_in_process(path: str, n: int, prefix: str, queue, *, first_read=None, other_done=None) -> None:
    """Load ``n`` records in this process; put (prefix, version id, previous id) or (prefix, error) on ``queue``.
    With ``first_read``, the load signals it has read the active version, then waits for the other load."""
    with Store(Path(path)) as s:
        if first_read is not None:
            read = s.active_version

            def active_version(source: str):
                version = read(source)
                if not first_read.is_set():
                    first_read.set()
                    other_done.wait(timeout=2)  # the other load finishes here, unless it must wait for this one
                return version
            s.active_version = active_version  # type: ignore[method-assign]
        try:
            result = s.load(parsed(n, prefix=prefix), files(prefix))
            queue.put((prefix, result.version.id, result.previous.id))
        except SourceError as exc:
            queue.put((prefix, str(exc)))


def test_two_processes_loading_at_once_serialise(tmp_path):
    """Process B (90 records, 10% fewer than version 1) reads the active version; in that moment process A
    loads 1,000 records. B must be checked against what is active when it stores, never against what it
    read before: either A waits for B, or B is compared with A's 1,000 records and refused."""
    path = tmp_path / "behind.db"
    with Store(path) as s:
        s.load(parsed(100), files("v1"))
    ctx = multiprocessing.get_context("fork")
    queue, b_read, a_done = ctx.Queue(), ctx.Event(), ctx.Event()
    b = ctx.Process(target=_load_in_process, args=(str(path), 90, "SHRUNK", queue),
                    kwargs={"first_read": b_read, "other_done": a_done})
    b.start()
    assert b_read.wait(timeout=30)
    a = ctx.Process(target=_load_in_process, args=(str(path), 1000, "GROWN", queue))
    a.start()
    a.join(timeout=60)
    a_done.set()
    b.join(timeout=60)
    assert (a.exitcode, b.exitcode) == (0, 0)
    outcome = {item[0]: item[1:] for item in (queue.get(timeout=5), queue.get(timeout=5))}
    assert len(outcome["GROWN"]) == 2, outcome  # growing is never refused
    with Store(path) as s:
        versions = sorted(s.versions("test_list"), key=lambda v: v.id)
    counts = [(v.id, v.record_count) for v in versions]
    assert all(new.record_count >= 0.8 * old.record_count for old, new in zip(versions, versions[1:])), counts
    for result in outcome.values():
        if len(result) == 2:  # each load names as previous the version it really replaced
            vid, previous = result
            assert previous == max(v.id for v in versions if v.id < vid), (outcome, counts)
        else:
            assert "91% fewer than the active version" in result[0]
