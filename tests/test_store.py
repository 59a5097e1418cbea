"""The embedded store: atomic loads, versions, shrink guard, restore."""

from __future__ import annotations

import json
import sqlite3

import pytest

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
        assert v.relation_count == 17
        assert s.load(parsed(3, source="curated"), files("b"), force=True).version.relation_count == 0
        assert s.restore("curated").relation_count == 17
        assert [x.relation_count for x in s.versions("curated")] == [0, 17]
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
    with pytest.raises(StoreError, match="store schema 99 is not schema 2.*upgrade Behind, or delete the file") as exc:
        Store(path)
    assert exc.value.path == str(path)
