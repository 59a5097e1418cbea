"""The match index written beside the store and mapped back: same answers as an index built in
memory, rebuilt when the lists change or a file is damaged, safe with several processes at once,
and made of plain arrays only (loading it runs no code)."""

from __future__ import annotations

import json
import multiprocessing
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from behind.config import Settings
from behind.ingest import import_ftm
from behind.ingest.update import load_bundled
from behind.matching.index_files import cached_arrays, read_arrays
from behind.matching.match import Index, Query
from behind.reports import run_screen
from behind.screening import ScreenRequest
from behind.sources.registry import SOURCES
from behind.store.sqlite import Store

SMALL = ("curated", "us_bis_dpl")  # two real lists, small enough to rebuild in a test


def _answers(index: Index, queries: list[Query]) -> list[list[dict[str, object]]]:
    return [[m.to_hit().model_dump(mode="json") for m in index.search(q, threshold=0.7)] for q in queries]


def _queries(index: Index, every: int = 25, seed: int = 3) -> list[Query]:
    """Real listed names, each also with two letters swapped, and each read as a person's name."""
    rng = random.Random(seed)
    out = []
    for i in range(0, len(index.entities), every):
        name = index.entities[i].name
        out.append(Query(name=name))
        if len(name) > 5:
            j = rng.randrange(1, len(name) - 2)
            out.append(Query(name=name[:j] + name[j + 1] + name[j] + name[j + 2:]))
        out.append(Query(name=name, schema="Person"))
    return out


def _folders(data_dir: Path) -> list[Path]:
    root = data_dir / "index"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


@pytest.fixture()
def small_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for name in SMALL:
            load_bundled(store, SOURCES[name])
    return data_dir


def _mapped(data_dir: Path) -> Index:
    with Store(Settings(data_dir=data_dir).store_path) as store:
        return Index.from_store(store)


def _built(data_dir: Path) -> Index:
    with Store(Settings(data_dir=data_dir).store_path) as store:
        return Index.from_store(store, files=False)


def test_an_index_mapped_from_files_answers_as_one_built_in_memory(loaded_dir: Path) -> None:
    built = _built(loaded_dir)
    _mapped(loaded_dir)  # writes the files (or finds them)
    mapped = _mapped(loaded_dir)  # maps them
    assert len(mapped) == len(built) > 10_000
    # and what the index files keep beside the names: the affiliate words, clipped aliases, pinyin words
    kept = [Query(name=n) for n in ("Hikvision UK Limited", "Huawei Technologies Deutschland GmbH",
                                    "ZTE Solutions, Inc.", "Inter & Co. Inc.", "Keda Xunfei", "Acme Widgets Inc")]
    queries = _queries(built) + kept
    assert len(queries) > 1000
    expected = _answers(built, queries)
    assert sum(1 for hits in expected if hits) > 500  # most real names are found
    assert any(h["explanation"]["affiliate"] for hits in expected[-len(kept):] for h in hits)
    assert _answers(mapped, queries) == expected


def test_files_are_plain_arrays_that_load_without_pickle(small_dir: Path) -> None:
    _mapped(small_dir)
    [folder] = _folders(small_dir)
    names = {p.name for p in folder.iterdir()}
    assert names - {p for p in names if p.endswith(".npy")} == {"index.json"}
    for path in folder.glob("*.npy"):
        arr = np.load(path, allow_pickle=False)  # raises on any pickled object
        assert arr.dtype != object
    assert json.loads((folder / "index.json").read_text())["files"].keys() == {p[:-4] for p in names if p.endswith(".npy")}


def test_a_new_list_version_makes_a_new_index(small_dir: Path, tmp_path: Path) -> None:
    before = _mapped(small_dir)
    [old] = _folders(small_dir)
    ftm = tmp_path / "new.ftm.json"
    ftm.write_text(json.dumps({"id": "x1", "schema": "Company", "caption": "Qorvantis Heavy Industries",
                               "properties": {"name": ["Qorvantis Heavy Industries"], "country": ["ir"]}}) + "\n",
                   encoding="utf-8")
    query = Query(name="Qorvantis Heavy Industries")
    assert before.search(query) == []
    with Store(Settings(data_dir=small_dir).store_path) as store:
        import_ftm(store, str(ftm), "extra_list")
    after = _mapped(small_dir)
    assert [m.entity.source for m in after.search(query)] == ["extra_list"]
    assert len(after) == len(before) + 1
    assert old in _folders(small_dir) and len(_folders(small_dir)) == 2  # the old lists' index is kept a while
    with Store(Settings(data_dir=small_dir).store_path) as store:  # a list loaded again is a new version
        load_bundled(store, SOURCES["curated"], force=True)
    assert [m.entity.source for m in _mapped(small_dir).search(query)] == ["extra_list"]
    assert len(_folders(small_dir)) == 3


def _damage(folder: Path, how: str) -> Path:
    path = folder / "post_val.npy"
    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "garbled":
        mid = len(data) - 8  # a posting near the end: same size, other name ids
        data[mid:mid + 4] = bytes(b ^ 0xFF for b in data[mid:mid + 4])
        path.write_bytes(bytes(data))
    else:
        (folder / "index.json").write_text("{not json", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["truncated", "garbled", "description"])
def test_a_damaged_index_is_rebuilt_not_read(small_dir: Path, how: str) -> None:
    built = _built(small_dir)
    queries = _queries(built, every=3)
    expected = _answers(built, queries)
    _mapped(small_dir)
    [folder] = _folders(small_dir)
    good = (folder / "post_val.npy").read_bytes()
    _damage(folder, how)
    assert _answers(_mapped(small_dir), queries) == expected
    assert [f.name for f in _folders(small_dir)] == [folder.name]
    assert (folder / "post_val.npy").read_bytes() == good
    read_arrays(folder, folder.name)  # checks out again


def _build_once(args: tuple[str, str]) -> tuple[int, bool]:
    root, log = args

    def build() -> tuple[dict[str, np.ndarray], dict[str, object]]:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("built\n")
        return {"x": np.arange(100_000, dtype=np.int64)}, {"n": 100_000}
    arrays, meta, built = cached_arrays(Path(root), "k" * 64, build)
    return int(arrays["x"].sum()), built


def test_concurrent_builders_build_once_and_all_read_the_same(tmp_path: Path) -> None:
    log = tmp_path / "builds.log"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_build_once, [(str(tmp_path / "index"), str(log))] * 8)
    assert {total for total, _ in results} == {sum(range(100_000))}
    assert sum(built for _, built in results) == 1
    assert log.read_text().count("built") == 1
    assert [p.name for p in (tmp_path / "index").iterdir() if p.is_dir()] == ["k" * 64]  # no temporary folder left


def test_processes_starting_together_share_one_index(small_dir: Path) -> None:
    code = ("import json,sys; from pathlib import Path; from behind.config import Settings; "
            "from behind.store.sqlite import Store; from behind.matching.match import Index, Query\n"
            "with Store(Settings(data_dir=Path(sys.argv[1])).store_path) as s: ix = Index.from_store(s)\n"
            "print(json.dumps([[m.entity.key, m.score] for m in ix.search(Query(name='Huawei Technologies'))]))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(small_dir)], stdout=subprocess.PIPE, text=True)
             for _ in range(3)]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len(set(outs)) == 1 and json.loads(outs[0])  # Huawei is on the curated list
    assert len(_folders(small_dir)) == 1


def test_screening_workers_map_the_index_files(small_dir: Path, tmp_path: Path) -> None:
    _mapped(small_dir)
    [folder] = _folders(small_dir)
    stamp = (folder / "index.json").stat().st_mtime_ns
    src = tmp_path / "v.csv"
    src.write_text("Vendor\n" + "Hikvision\nApple\nMegvii\n" * 50, encoding="utf-8")
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    settings = Settings(data_dir=small_dir)
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=one, fmt="json"))
    run_screen(settings, ScreenRequest(input=src, kind="parties", output=two, fmt="json", workers=2))
    assert json.loads(one.read_text())["rows"] == json.loads(two.read_text())["rows"]
    assert _folders(small_dir) == [folder] and (folder / "index.json").stat().st_mtime_ns == stamp


def test_update_builds_the_index_and_search_maps_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    cli = [sys.executable, "-m", "behind.cli"]
    done = subprocess.run([*cli, "update", "curated", "--bundled", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "match index of 405 records ready in" in done.stderr
    [folder] = _folders(data_dir)
    stamp = (folder / "index.json").stat().st_mtime_ns
    found = subprocess.run([*cli, "search", "Hikvision", "--json", "--data-dir", str(data_dir)],
                           capture_output=True, text=True, timeout=600)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["source"] == "curated"
    assert _folders(data_dir) == [folder] and (folder / "index.json").stat().st_mtime_ns == stamp
