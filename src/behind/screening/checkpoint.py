"""The checkpoint of an unfinished run: ``<output>.partial/``, a header naming what is being
screened and one result per line, so a killed run continues where it stopped.

The header names the input (its sha256), kind, date and columns, the list versions
(source, version id, sha256) and the matching configuration of the run. A run resumes only
when all of them are unchanged: a list updated since the run started would mix versions in
one report, so the resume is refused with the lists that changed, and ``--restart`` screens
again from the start. An empty or corrupt header is refused the same way, never guessed at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from behind.errors import InputError, OutputError
from behind.model.results import ListInfo, RowResult

_STATUS = '"status":"'
#: a result's JSON text names ``status`` first after its row number, kind and input (whose keys are field names)
_STATUS_AFTER_INPUT = list(RowResult.model_fields)[:4] == ["row", "kind", "input", "status"]
#: header fields that must match for a run to resume
RESUME_KEYS = ("input_sha256", "kind", "as_of", "columns")


def list_versions(lists: list[ListInfo]) -> list[dict[str, Any]]:
    """The list versions of a run as its checkpoint header records them."""
    return [{"source": v.source, "version": v.version, "sha256": v.sha256} for v in lists]


def _versions(header: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    lists = header.get("lists")
    if not isinstance(lists, list):
        return {}
    return {str(v.get("source")): (v.get("version"), v.get("sha256")) for v in lists if isinstance(v, dict)}


def list_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between the list versions of two headers, one phrase per list."""
    if "lists" not in old:
        return ["the unfinished run records no list versions"]
    was, now = _versions(old), _versions(new)
    changes = []
    for source in sorted(was.keys() | now.keys()):
        a, b = was.get(source), now.get(source)
        if a == b:
            continue
        if a is None:
            changes.append(f"{source} was loaded (version {b[0] if b else '?'})")
        elif b is None:
            changes.append(f"{source} is no longer loaded (was version {a[0]})")
        elif a[0] == b[0]:
            changes.append(f"{source} version {a[0]} changed its sha256")
        else:
            changes.append(f"{source} version {a[0]} -> {b[0]}")
    return changes


class Checkpoint:
    """``<output>.partial/``: a header naming what is being screened, and one result per line."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.dir = output.with_name(output.name + ".partial")
        self.header_path = self.dir / "header.json"
        self.rows_path = self.dir / "rows.jsonl"

    def open(self, header: dict[str, Any], restart: bool) -> int:
        """Start or resume; return how many rows are already done."""
        try:
            if restart and (self.dir.exists() or self.dir.is_symlink()):
                self._drop()
            if self.header_path.exists():
                self._check(self.header(), header)
                return self._repair()
            self.dir.mkdir(parents=True, exist_ok=True)
            tmp = self.header_path.with_name("header.json.tmp")
            with tmp.open("w", encoding="utf-8") as fh:  # written whole or not at all
                fh.write(json.dumps(header))
                fh.flush()
                os.fsync(fh.fileno())
            self.rows_path.write_bytes(b"")
            os.replace(tmp, self.header_path)
        except OSError as exc:
            raise OutputError(f"cannot write the checkpoint {self.dir} of the report {self.output} "
                              f"({exc.strerror or exc})", path=str(self.output)) from None
        return 0

    def _drop(self) -> None:
        if self.dir.is_dir() and not self.dir.is_symlink():
            shutil.rmtree(self.dir)
        else:
            self.dir.unlink()

    def _check(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Refuse to resume a run of another input, kind, date, lists or matching settings."""
        if {k: old.get(k) for k in RESUME_KEYS} != {k: new.get(k) for k in RESUME_KEYS}:
            raise InputError(f"an unfinished run of another input, kind or date is in {self.dir}; "
                             "finish it, delete that folder, or pass --restart", file=str(self.dir))
        self.check_lists(old, new)
        if old.get("matching") != new.get("matching"):
            raise InputError("the matching settings changed since this unfinished run started; "
                             "resuming would mix them in one report; pass --restart to screen the whole file "
                             "again", file=str(self.dir))

    def check_lists(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """Refuse to resume when the list versions of header ``new`` are not those of ``old``."""
        changes = list_changes(old, new)
        if changes:
            raise InputError("the lists changed since this unfinished run started: "
                             f"{'; '.join(changes)}. Resuming would mix list versions in one report; "
                             "pass --restart to screen the whole file again against the lists loaded now",
                             file=str(self.dir))

    def _repair(self) -> int:
        """Drop a last line cut by a kill; count the complete ones."""
        data = self.rows_path.read_bytes() if self.rows_path.exists() else b""
        end = data.rfind(b"\n") + 1
        if end != len(data):
            with self.rows_path.open("r+b") as fh:
                fh.truncate(end)
        return data[:end].count(b"\n")

    def header(self) -> dict[str, Any]:
        """The header; an empty, cut or corrupt one raises :class:`InputError` naming the checkpoint."""
        try:
            header = json.loads(self.header_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            cause = "is empty" if not self.header_path.stat().st_size else f"is corrupt ({type(exc).__name__}: {exc})"
            raise InputError(f"the checkpoint header {cause}; pass --restart to drop the unfinished run in "
                             f"{self.dir} and screen from the start", file=str(self.header_path)) from None
        if not isinstance(header, dict):
            raise InputError("the checkpoint header is corrupt (not a JSON object); pass --restart to drop the "
                             f"unfinished run in {self.dir} and screen from the start",
                             file=str(self.header_path))
        return header

    def _corrupt_line(self, n: int) -> InputError:
        return InputError(f"this checkpoint line is corrupt; pass --restart to drop the unfinished run in {self.dir} "
                          "and screen from the start", file=str(self.rows_path), row=n)

    def rows(self) -> Iterator[RowResult]:
        with self.rows_path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                try:
                    yield RowResult.model_validate_json(line)
                except ValueError:
                    raise self._corrupt_line(n) from None

    def lines(self) -> Iterator[str]:
        """The result lines as written (``RowResult.model_dump_json()``, what a JSON report holds), each checked
        to be one whole result object; a line that is not raises :class:`InputError` as :meth:`rows` does."""
        with self.rows_path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not (line.startswith('{"row":') and line.endswith("}")):
                    raise self._corrupt_line(n)
                yield line

    def tally(self) -> tuple[int, int]:
        """(rows, alerts) of the checkpoint. The status is read from each line's text where a result's
        ``status`` follows its input (the fields before it hold no key named so: row, kind and the input's
        strings), else from each result read whole."""
        if not _STATUS_AFTER_INPUT:
            statuses = [r.status for r in self.rows()]
            return len(statuses), statuses.count("alert")
        rows = alerts = 0
        for line in self.lines():
            rows += 1
            at = line.find(_STATUS)
            alerts += at >= 0 and line.startswith('alert"', at + len(_STATUS))
        return rows, alerts

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


__all__ = ["Checkpoint", "list_changes", "list_versions"]
