"""The checkpoint of an unfinished run: ``<output>.partial/``, a header naming what is being
screened and one result per line, so a killed run continues where it stopped."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from behind.errors import InputError
from behind.model.results import RowResult

#: header fields that must match for a run to resume
RESUME_KEYS = ("input_sha256", "kind", "as_of", "columns")


class Checkpoint:
    """``<output>.partial/``: a header naming what is being screened, and one result per line."""

    def __init__(self, output: Path) -> None:
        self.dir = output.with_name(output.name + ".partial")
        self.header_path = self.dir / "header.json"
        self.rows_path = self.dir / "rows.jsonl"

    def open(self, header: dict[str, Any], restart: bool) -> int:
        """Start or resume; return how many rows are already done."""
        if self.dir.exists() and restart:
            shutil.rmtree(self.dir)
        if self.header_path.exists():
            old = json.loads(self.header_path.read_text(encoding="utf-8"))
            if {k: old.get(k) for k in RESUME_KEYS} != {k: header.get(k) for k in RESUME_KEYS}:
                raise InputError(f"an unfinished run of another input, kind or date is in {self.dir}; "
                                 "finish it, delete that folder, or pass --restart", file=str(self.dir))
            return self._repair()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.header_path.write_text(json.dumps(header), encoding="utf-8")
        self.rows_path.write_bytes(b"")
        return 0

    def _repair(self) -> int:
        """Drop a last line cut by a kill; count the complete ones."""
        data = self.rows_path.read_bytes() if self.rows_path.exists() else b""
        end = data.rfind(b"\n") + 1
        if end != len(data):
            with self.rows_path.open("r+b") as fh:
                fh.truncate(end)
        return data[:end].count(b"\n")

    def header(self) -> dict[str, Any]:
        return dict(json.loads(self.header_path.read_text(encoding="utf-8")))

    def rows(self) -> Iterator[RowResult]:
        with self.rows_path.open(encoding="utf-8") as fh:
            for line in fh:
                yield RowResult.model_validate_json(line)

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


__all__ = ["Checkpoint"]
