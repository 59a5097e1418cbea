"""Fault injection for `behind screen` (issue 9, items 1, 2, 4 and 8), reproduced as the probe did:
two real processes on one output, a kill -9 by pid and a list update before the resume, outputs that
point at the input, the store or a folder, and a damaged checkpoint."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import Settings
from behind.errors import BusyError, InputError, OutputError
from behind.ingest.update import load_bundled
from behind.model.results import Report, RowResult
from behind.reports import run_screen
from behind.screening import Checkpoint, OutputLock, ScreenRequest
from behind.screening.checkpoint import list_changes
from behind.sources.registry import SOURCES
from behind.store.sqlite import Store

LISTED = ("Hikvision", "Megvii Technology Ltd", "Zhejiang Dahua Technology")


def vendors(path: Path, n: int) -> Path:
    """``n`` vendor rows, every one screened afresh (distinct names), one in 50 a listed name."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Vendor", "Country"])
        for i in range(n):
            w.writerow([LISTED[i % 3] if i % 50 == 0 else f"Vendor {i} Trading {i * 7919 % 10007}", "US"])
    return path


def behind(*args: str) -> subprocess.Popen[str]:
    """A real ``behind`` process, as a user or a probe starts it."""
    return subprocess.Popen([sys.executable, "-m", "behind.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "1000"})


def wait_for(done, what: str, proc: subprocess.Popen[str] | None = None, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the screen ended before {what}: {proc.communicate()}")
        if time.monotonic() > end:
            if proc is not None:
                proc.kill()
                proc.communicate()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "1000"})
    return result.exit_code, " ".join(result.output.split()) + (f" {result.exception!r}" if result.exit_code == 1
                                                                 else "")


def test_two_screens_of_one_output_one_is_refused(loaded_dir, tmp_path):
    """Item 1: two processes, one --output; the second is refused at once, the report has the input's rows."""
    src = vendors(tmp_path / "v.csv", 500)
    out = tmp_path / "same.csv"
    args = ("screen", str(src), "--kind", "parties", "--format", "csv", "--output", str(out),
            "--data-dir", str(loaded_dir))
    first = behind(*args)
    # the second starts while the first is running: once it holds the lock (or, without one, has a checkpoint)
    wait_for(lambda: Path(f"{out}.lock").exists() or Checkpoint(out).header_path.exists(), "the first run", first)
    second = behind(*args)
    results = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
    codes = sorted(r[0] for r in results)
    assert codes == [0, 2], results
    refused = " ".join(next(r for r in results if r[0] == 2)[2].split())
    assert "another run is writing the report" in refused and str(out) in refused and "Traceback" not in refused
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert len(table) == 1 + 500 and [int(line[0]) for line in table[1:]] == list(range(2, 502))
    assert not Checkpoint(out).dir.exists() and not Path(f"{out}.lock").exists()


def test_a_held_output_is_refused_before_anything_is_read(loaded_dir, tmp_path):
    src = vendors(tmp_path / "v.csv", 3)
    out = tmp_path / "r.json"
    settings = Settings(data_dir=loaded_dir)
    with OutputLock([out]):
        with pytest.raises(BusyError, match="another run is writing the report") as exc:
            run_screen(settings, ScreenRequest(input=src, kind="parties", output=out, fmt="json", restart=True))
        assert exc.value.path == str(out) and exc.value.status == 409
        also = tmp_path / "r.html"  # an extra report another run holds is refused too
        with OutputLock([also]), pytest.raises(BusyError, match="r.html"):
            OutputLock([tmp_path / "x.json", also]).__enter__()
    assert not out.exists() and not Checkpoint(out).dir.exists() and not Path(f"{out}.lock").exists()


def test_kill_9_then_a_list_update_then_the_resume_is_refused(loaded_dir, tmp_path):
    """Item 2: a screen killed by pid, a new version of a list, the same command again: refused, never mixed;
    with --restart the report cites only the new version."""
    data = tmp_path / "data"
    shutil.copytree(loaded_dir, data)  # the shared store is not changed
    src = vendors(tmp_path / "v.csv", 1200)
    out = tmp_path / "r.json"
    checkpoint = Checkpoint(out)
    args = ("screen", str(src), "--kind", "parties", "--output", str(out), "--data-dir", str(data))
    proc = behind(*args)
    wait_for(lambda: checkpoint.rows_path.exists() and checkpoint.rows_path.stat().st_size > 0,
             "the checkpoint has rows", proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL and not out.exists()
    with Store(Settings(data_dir=data).store_path) as store:
        old = {v.source: v.id for v in store.active_versions()}
        new = load_bundled(store, SOURCES["curated"], force=True).result
    assert new is not None and new.changed and new.version.id != old["curated"]
    code, message = cli(*args)
    assert code == 2 and "Traceback" not in message, message
    assert f"curated version {old['curated']} -> {new.version.id}" in message and "--restart" in message
    assert "mix" in message and not out.exists() and checkpoint.rows_path.stat().st_size > 0
    code, message = cli(*args, "--restart")
    assert code == 0, message
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert len(report.rows) == 1200 and report.meta.alerts >= 20
    assert {v.source: v.version for v in report.meta.lists}["curated"] == new.version.id
    cited = {(h.list_version.source, h.list_version.version_id) for r in report.rows for h in r.hits
             if h.list_version is not None}
    assert ("curated", new.version.id) in cited and ("curated", old["curated"]) not in cited
    assert cited <= {(v.source, v.version) for v in report.meta.lists}
    assert not checkpoint.dir.exists()


def test_list_changes_name_each_list():
    def header(**lists: tuple[int, str]) -> dict:
        return {"lists": [{"source": s, "version": v, "sha256": h} for s, (v, h) in lists.items()]}
    old = header(us_ofac_sdn=(1, "a"), curated=(2, "b"), un_sc=(3, "c"))
    new = header(us_ofac_sdn=(4, "d"), curated=(2, "e"), us_bis_dpl=(5, "f"))
    assert list_changes(old, new) == ["curated version 2 changed its sha256", "un_sc is no longer loaded (was version 3)",
                                      "us_bis_dpl was loaded (version 5)", "us_ofac_sdn version 1 -> 4"]
    assert list_changes(old, old) == [] and list_changes({}, new) == ["the unfinished run records no list versions"]


@pytest.fixture
def store_copy(loaded_dir, tmp_path_factory) -> Path:
    """A copy of the loaded data folder (a test that fails must not destroy the shared store)."""
    data = tmp_path_factory.mktemp("data") / "behind-data"
    shutil.copytree(loaded_dir, data)
    return data


@pytest.fixture
def guarded(store_copy, tmp_path):
    """An input, a store whose bytes are known, and `behind screen` run against them, refused."""
    src = vendors(tmp_path / "v.csv", 3)
    before = src.read_bytes()
    store = Settings(data_dir=store_copy).store_path
    digest = store.read_bytes()

    def run(output: Path | str, *extra: str) -> str:
        code, message = cli("screen", str(src), "--kind", "parties", "--format", "csv", "--output", str(output),
                            "--data-dir", str(store_copy), *extra)
        assert code == 2 and "Traceback" not in message, message
        assert src.read_bytes() == before and store.read_bytes() == digest
        return message
    return src, run


def test_an_output_that_is_the_input_is_refused(guarded, tmp_path):
    """Item 4: `screen v.csv … --output v.csv` replaced the input with the report."""
    src, run = guarded
    assert "is the input file" in run(src) and "choose another --output" in run(src)
    link = tmp_path / "link.csv"
    link.symlink_to(src)
    assert "is the input file" in run(link)  # symlinks followed
    assert "is the input file" in run(tmp_path / "sub" / ".." / "v.csv")
    assert {p.name for p in tmp_path.iterdir()} == {"v.csv", "link.csv"}  # nothing written: no lock, no checkpoint


def test_an_output_in_the_store_folder_is_refused(guarded, store_copy, tmp_path):
    """Item 4: `--output ~/.behind/behind.db` destroyed the store."""
    _src, run = guarded
    files = sorted(p.name for p in store_copy.iterdir())
    for out in (store_copy / "behind.db", store_copy / "report.csv", store_copy / "new" / "r.csv", store_copy):
        message = run(out)
        assert "inside Behind's data folder" in message and str(store_copy) in message
    link = tmp_path / "db.csv"
    link.symlink_to(store_copy / "behind.db")
    assert "inside Behind's data folder" in run(link)
    assert sorted(p.name for p in store_copy.iterdir()) == files


def test_an_output_that_is_a_folder_is_refused(guarded, tmp_path):
    """Items 4 and 8: `--output` an existing folder gave IsADirectoryError."""
    _src, run = guarded
    folder = tmp_path / "reports"
    folder.mkdir()
    assert "is an existing folder" in run(folder) and "reports/report.csv" in run(folder)
    code, message = cli("screen", "v.csv", "--kind", "parties", "--output", str(folder))  # no --format either
    assert code == 2 and "is an existing folder" in message
    assert list(folder.iterdir()) == []


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(guarded, tmp_path):
    """Item 8: `--output /proc/nope/x.csv` gave FileNotFoundError."""
    _src, run = guarded
    if Path("/proc").is_dir():
        assert "cannot create its folder /proc/nope" in run("/proc/nope/x.csv")
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert "cannot create its folder" in run(afile / "x.csv")  # a file where a folder should be


def test_extra_reports_are_checked_too(store_copy, tmp_path):
    src = vendors(tmp_path / "v.csv", 3)
    settings = Settings(data_dir=store_copy)
    for also, why in ((src, "is the input file"), (store_copy / "r.html", "data folder"), (tmp_path, "folder")):
        with pytest.raises(OutputError, match=why):
            run_screen(settings, ScreenRequest(input=src, kind="parties", output=tmp_path / "r.json", fmt="json",
                                               also=((also, "html"),)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv"]


@pytest.mark.parametrize("text,cause", [("", "is empty"), ('{"input_sha256": "ab', "is corrupt"),
                                        ("[1, 2]", "not a JSON object"), ("\xff\xfe", "is corrupt")])
def test_a_damaged_checkpoint_header_is_a_clear_error(loaded_dir, tmp_path, text, cause):
    """Item 8: an empty checkpoint header gave JSONDecodeError. It is refused (never guessed at), naming the
    checkpoint and --restart; --restart drops it."""
    src = vendors(tmp_path / "v.csv", 3)
    out = tmp_path / "r.json"
    checkpoint = Checkpoint(out)
    checkpoint.dir.mkdir()
    checkpoint.header_path.write_bytes(text.encode("latin-1"))
    checkpoint.rows_path.write_text('{"row": 2}\n')
    code, message = cli("screen", str(src), "--kind", "parties", "--output", str(out), "--data-dir", str(loaded_dir))
    assert code == 2 and "Traceback" not in message, message
    assert cause in message and str(checkpoint.header_path) in message and "--restart" in message
    assert checkpoint.header_path.read_bytes() == text.encode("latin-1") and not out.exists()


def test_a_corrupt_checkpoint_line_is_a_clear_error(tmp_path):
    checkpoint = Checkpoint(tmp_path / "r.json")
    checkpoint.dir.mkdir()
    good = RowResult(row=2, kind="parties", input={"name": "Acme"}).model_dump_json()
    checkpoint.rows_path.write_text(f'{good}\n{{"row": 3, "kind": \n{good}\n', encoding="utf-8")
    for read in (checkpoint.rows, checkpoint.lines, checkpoint.tally):  # a JSON report copies the lines
        with pytest.raises(InputError, match="--restart") as exc:
            list(read())
        assert exc.value.row == 2 and exc.value.file == str(checkpoint.rows_path)
