"""The embedded store: atomic loads, versions, shrink guard, restore."""

from __future__ import annotations

import sqlite3

import pytest

from behind.errors import SourceError, StoreError
from behind.model.entity import Entity
from behind.sources.base import ParsedList
from behind.store.sqlite import FileInfo, Store


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
    with pytest.raises(StoreError, match="no version 999"):
        store.restore("test_list", 999)
    with pytest.raises(StoreError, match="no versions"):
        store.restore("other_list")


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


def test_relations_are_stored_with_their_version(tmp_path):
    from behind.sources.curated import read_curated
    from behind.sources.registry import data_path

    with Store(tmp_path / "behind.db") as s:
        v = s.load(read_curated(data_path("curated/ecosystem.yaml")), files("a")).version
        rels = list(s.relations("curated"))
        assert len(rels) == 17 and s.relation_counts() == {v.id: 17}
        lorex = next(r for r in rels if r["source_id"] == "lorex" and r["relation"] == "subsidiary_of")
        assert (lorex["target_id"], lorex["start"], lorex["end"]) == ("dahua", "2018-02", "2022-11-24")
        assert lorex["sources"][0]["url"].startswith("https://")
        s.load(parsed(3, source="curated"), files("b"), force=True)
        assert list(s.relations("curated")) == []  # the new active version states none
        assert s.restore("curated").id == v.id and len(list(s.relations("curated"))) == 17
