"""The compiled build of the matcher answers exactly as its source, and is never older than it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from behind.matching import compiled

ROOT = Path(__file__).resolve().parents[1]
#: every 25th benchmark query: organisations, people, vessels, Chinese names, typos, identifiers
ANSWER = """
import json, sys
from pathlib import Path
from behind.config import Settings
from behind.matching.compiled import in_use
from behind.matching.match import Index, Query
from behind.store.sqlite import Store
with Store(Settings(data_dir=Path(sys.argv[1])).store_path) as store:
    index = Index.from_store(store)
out = []
for line in open(sys.argv[2], encoding="utf-8").read().splitlines()[::25]:
    q = json.loads(line)
    for h in index.search(Query(name=q.get("name") or "", schema=q.get("schema"), identifiers=q.get("identifiers") or {}),
                          threshold=0.7):
        out.append([q["id"], h.entity.source, h.entity.source_id, repr(h.score), h.to_hit().model_dump_json()])
print(json.dumps({"compiled": in_use(), "hits": out}))
"""


def _answers(data_dir: Path, pure: bool) -> dict[str, list[object]]:
    env = {k: v for k, v in os.environ.items() if k != "BEHIND_PURE_PYTHON"}
    if pure:
        env["BEHIND_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", ANSWER, str(data_dir), str(ROOT / "bench" / "queries.jsonl")],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_no_compiled_module_is_older_than_its_source() -> None:
    assert compiled.stale() == [], "a source changed after it was compiled: build again with `pip install -e .`"


def test_compiled_and_pure_python_give_the_same_hits(loaded_dir: Path, index: object) -> None:
    # ``index`` has written the index files of loaded_dir
    if not compiled.builds():
        pytest.skip("this install runs as pure Python (no compiled modules): nothing to compare")
    fast, pure = _answers(loaded_dir, pure=False), _answers(loaded_dir, pure=True)
    assert fast["compiled"], "the compiled modules were not imported"
    assert pure["compiled"] == [], "BEHIND_PURE_PYTHON=1 still imported compiled modules"
    assert len(fast["hits"]) > 100
    assert fast["hits"] == pure["hits"]  # same records, same scores to the last bit, same explanations


def test_describe_says_which_build_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEHIND_PURE_PYTHON", "1")
    assert compiled.describe().startswith("pure Python")
    monkeypatch.delenv("BEHIND_PURE_PYTHON")
    assert compiled.describe().startswith("compiled: " if compiled.builds() else "pure Python")


def test_a_source_edited_after_its_build_is_imported_instead_of_the_old_build() -> None:
    builds = compiled.builds()
    if "behind.matching.score" not in builds:
        pytest.skip("this install runs as pure Python (no compiled modules)")
    source = builds["behind.matching.score"].with_name("score.py")
    before = source.stat()
    code = "import behind.matching.score as s, behind.matching.compiled as c; print(s.__file__); print(c.describe())"
    try:
        os.utime(source, (before.st_atime, builds["behind.matching.score"].stat().st_mtime + 60))  # as if edited
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    finally:
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert done.returncode == 0, done.stderr
    imported, said = done.stdout.splitlines()
    assert imported == str(source)
    assert said.startswith("pure Python (compiled modules older than their sources") and "behind.matching.score" in said


def test_the_pass_in_c_is_used_only_where_the_compiled_build_is() -> None:
    """The shortlist's pass written in C (``postings.c``) has no Python source: a process told to run
    pure Python does not load it, and takes the numpy path."""
    if "behind.matching.postings" not in compiled.builds():
        pytest.skip("the pass in C is not built in this install")
    code = "import sys, behind.matching.shortlist as s; print(s.KERNEL, 'behind.matching.postings' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "BEHIND_PURE_PYTHON"}
    fast = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    pure = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**env, "BEHIND_PURE_PYTHON": "1"})
    assert fast.returncode == 0 and pure.returncode == 0, fast.stderr + pure.stderr
    assert fast.stdout.split() == ["True", "True"]
    assert pure.stdout.split() == ["False", "False"]
