"""``behind import`` as a stream: the same records as the whole-file reader, fragments spread over the
file merged, nothing half-written on a bad line, progress reported, and a bounded number of
records held at once."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

import behind.sources.ftm_stream as ftm_stream
from behind.errors import SourceError
from behind.ingest import import_ftm
from behind.ingest.fetch import FileInfo
from behind.ingest.limits import limit_values
from behind.model.entity import Entity
from behind.sources.base import StreamedList
from behind.sources.ftm import read_ftm
from behind.sources.ftm_stream import stream_ftm
from behind.sources.registry import listings_of
from behind.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FILE = FileInfo("entities.ftm.json", "test", "0" * 64, 0)


def line(pid: str, schema: str, **props: list[str]) -> str:
    return json.dumps({"id": pid, "schema": schema, "properties": props}) + "\n"


def things(n: int, *, spread: int = 0, forward: int = 0, start: int = 0) -> list[str]:
    """``n`` companies, each followed by its sanction; the first ``spread`` get a second fragment at
    the end of the file, the first ``forward`` own a company further down."""
    lines, late = [], []
    for i in range(start, start + n):
        pid = f"co-{i:05d}"
        lines.append(line(pid, "Company", name=[f"Example Trading {i} Ltd"], jurisdiction=["cn"]))
        lines.append(line(f"{pid}-s", "Sanction", entity=[pid], program=["EXAMPLE-EO1"], startDate=["2024-03-01"]))
        if i - start < forward:
            lines.append(line(f"{pid}-own", "Ownership", owner=[pid], asset=[f"co-{start + n - 1 - i:05d}"]))
        if i - start < spread:
            late.append(line(pid, "Company", alias=[f"Example Group {i}"], registrationNumber=[f"R{i}"]))
    return lines + late


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def streamed(path: Path, source: str, tmp: Path) -> tuple[list[Entity], list[str]]:
    out = stream_ftm(path, source, tmp)
    return list(out.entities), out.warnings


def test_same_records_and_listings_as_the_whole_file_reader(tmp_path):
    path = FIXTURES / "ftm_sample.ftm.json"
    whole = limit_values(read_ftm(path, "ftm_sample"))
    with Store(tmp_path / "a.sqlite") as a, Store(tmp_path / "b.sqlite") as b:
        before = a.load(whole, [FileInfo("entities.ftm.json", str(path), "1" * 64, 0)]).version
        after = import_ftm(b, str(path), "ftm_sample").result.version
        old, new = list(a.entities("ftm_sample")), list(b.entities("ftm_sample"))
    assert len(new) == 5 and new == old
    assert [listings_of(e) for e in new] == [listings_of(e) for e in old]
    assert any(lk.target == "Meridian Capital Partners JSC" or lk.target_id for e in new for lk in e.links)
    assert (after.record_count, after.relation_count, after.listing_count, after.counts) == \
           (before.record_count, before.relation_count, before.listing_count, before.counts)
    assert sorted(after.warnings) == sorted(before.warnings)
    assert "skipped 2 entities that are not screened: Address 1, Security 1" in after.warnings


def test_fragments_spread_over_the_file_are_merged(tmp_path):
    lost = [line("lost-s", "Sanction", entity=["co-missing"]), line("addr-1", "Address", full=["1 Example Road"])]
    path = write(tmp_path / "f.json", things(300, spread=20, forward=10) + lost)
    read = read_ftm(path, "x")
    whole = {e.source_id: e for e in read.entities}
    got, warnings = streamed(path, "x", tmp_path)
    assert {e.source_id: e for e in got} == whole and len(got) == 300
    first = next(e for e in got if e.source_id == "co-00000")
    assert [a.name for a in first.aliases] == ["Example Group 0"]
    assert [(i.scheme, i.value) for i in first.identifiers] == [("registration", "R0")]
    assert first.programs == ["EXAMPLE-EO1"] and first.listed_on == "2024-03-01"
    # a link to a company further down is named by that company's record
    assert [(lk.target, lk.target_id) for lk in first.links] == [("Example Trading 299 Ltd", "co-00299")]
    assert sorted(warnings) == sorted(read.warnings) == [
        "Sanction lost-s: entity co-missing not in file", "skipped 1 entities that are not screened: Address 1"]


def test_spread_fragments_that_do_not_merge_name_the_line(tmp_path):
    lines = things(5) + [line("co-00001", "Person", name=["Someone"])]
    path = write(tmp_path / "f.json", lines)
    with pytest.raises(Exception) as whole:
        read_ftm(path, "x")
    with pytest.raises(type(whole.value)) as stream:
        streamed(path, "x", tmp_path)
    assert stream.value.row == whole.value.row == 11 and stream.value.field == "schema"


@pytest.mark.parametrize("bad, row, what", [
    ('{"id": "co-x", "schema": "Company", "properties": {"name": ["Cut short', 2501, "malformed JSON"),
    (line("co-00001", "Person", name=["Someone else"]), 2501, "repeated id co-00001"),  # found in pass 2
])
def test_a_bad_line_in_the_middle_leaves_the_previous_version_active(tmp_path, bad, row, what):
    good = write(tmp_path / "v1.json", things(2000))
    lines = things(1250) + [bad.rstrip("\n") + "\n"] + things(1250, start=1250)
    broken = write(tmp_path / "v2.json", lines)
    with Store(tmp_path / "s.sqlite") as store:
        v1 = import_ftm(store, str(good), "watch").result.version
        with pytest.raises(SourceError, match=rf"{what}.*line {row}\b"):
            import_ftm(store, str(broken), "watch", force=True)
        assert store.active_version("watch").id == v1.id
        assert [v.id for v in store.versions("watch")] == [v1.id]
        assert len(list(store.entities("watch"))) == 2000


def test_duplicate_ids_across_batches_are_refused_before_commit(tmp_path):
    ents = [Entity("watch", f"id{i}", "Company", f"Example {i}") for i in range(2500)]
    with Store(tmp_path / "s.sqlite") as store:
        v1 = store.load_stream(StreamedList("watch", iter(ents)), [FILE]).version
        again = [*ents, Entity("watch", "id3", "Company", "Another")]
        with pytest.raises(SourceError, match=r"duplicate record ids in the new version: \['id3'\]"):
            store.load_stream(StreamedList("watch", iter(again)), [FILE], force=True)
        assert store.active_version("watch").id == v1.id and len(store.versions("watch")) == 1


def test_shrink_is_checked_on_the_streamed_count(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        ents = [Entity("watch", f"id{i}", "Company", f"Example {i}") for i in range(2500)]
        v1 = store.load_stream(StreamedList("watch", iter(ents)), [FILE]).version
        with pytest.raises(SourceError, match="1200 records, 52% fewer"):
            store.load_stream(StreamedList("watch", iter(ents[:1200])), [FileInfo("f", "t", "2" * 64, 0)])
        assert store.active_version("watch").id == v1.id


def test_progress_is_reported_with_growing_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(ftm_stream, "PROGRESS_STEP", 4096)
    path = write(tmp_path / "f.json", things(400, spread=5))
    calls: list[tuple[int, int]] = []
    with Store(tmp_path / "s.sqlite") as store:
        out = import_ftm(store, str(path), "watch", progress=lambda done, total: calls.append((done, total)))
    assert out.result.version.record_count == 400
    size = path.stat().st_size
    done = [d for d, _ in calls]
    assert len(calls) > 2 * size // 4096 - 2 and done == sorted(done)
    assert {t for _, t in calls} == {2 * size} and done[-1] == 2 * size


def _alive() -> tuple[int, int]:
    """How many records and FtM objects the process holds now."""
    objects = gc.get_objects()
    return sum(isinstance(o, Entity) for o in objects), sum(isinstance(o, EntityProxy) for o in objects)


def test_records_held_at_once_stay_bounded(tmp_path):
    path = write(tmp_path / "f.json", things(3000, spread=30, forward=30))
    records0, proxies0 = _alive()
    out = stream_ftm(path, "x", tmp_path)
    most_records = most_proxies = 0
    for n, _ in enumerate(out.entities):
        if n % 50 == 0:
            records, proxies = _alive()
            most_records, most_proxies = max(most_records, records - records0), max(most_proxies, proxies - proxies0)
    assert n + 1 == 3000
    assert most_records <= 5  # the records waiting for a company further down wait in the temporary file
    assert 30 <= most_proxies <= 40  # the first fragments of the 30 ids with a second one at the end
    whole = read_ftm(path, "x")
    assert _alive()[0] - records0 >= len(whole.entities) == 3000  # what the whole-file reader holds
