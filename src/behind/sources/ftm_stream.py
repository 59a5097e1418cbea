"""FtM JSON lines read as a stream: the records of :func:`behind.sources.ftm.read_ftm`, with
bounded memory, for exports of a million entities.

Two passes over the file:

1. Every line is checked (the same errors, naming file, line and field, as ``read_ftm``); the hash
   of each line's id goes into an array (8 bytes a line), and the lines that are not screened
   things (``Sanction``, ``Identification``, links, ``Address`` ...) are copied into a temporary
   SQLite file, indexed by their id and by the things they attach to. From it, the skipped
   schemas are counted and relations to ids that are not in the file are warned about.
2. The file is read again, its checked lines parsed without checking them again (the file must
   not change in between: ``behind import`` reads its private copy). A thing whose fragments are
   on consecutive lines, or that appears once (OpenSanctions exports write one line per entity),
   is merged, completed with its sanctions, identifications, addresses and links looked up in the
   temporary file, and yielded. Only the ids that pass 1 saw on lines apart are held until the
   end of the file, then merged; the one line of a non-thing id is left aside unparsed.

A link's far end is named by the far end's record name; a record whose link points to a thing
further down the file waits for it in the temporary file, and is named at the end. What is
held in memory is therefore: the id hashes, the fragments of ids spread over the file, and the ids
and names of link ends; never the whole list (the waiting records are in the temporary file).

The records, their fields and the warnings are those of ``read_ftm``; their order differs.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from behind.errors import InputError
from behind.model.entity import Entity, Identifier, Link
from behind.sources.base import Progress, StreamedList
from behind.sources.ftm import (LINK_SCHEMAS, REL_SCHEMAS, _add_identifier, _behind_schema, _entity, _id_scheme,
                                _invalid, _model, _share, _unique, check_line)

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy
    from followthemoney.schema import Schema

#: report progress every this many bytes
PROGRESS_STEP = 1 << 20
_SCHEMA = """
CREATE TABLE aux (row INTEGER PRIMARY KEY, k INTEGER NOT NULL, id TEXT NOT NULL, schema TEXT NOT NULL,
                  raw BLOB NOT NULL);
CREATE TABLE refs (eid TEXT NOT NULL, rid TEXT NOT NULL, k INTEGER NOT NULL, prop TEXT NOT NULL,
                   schema TEXT NOT NULL);
"""


def _lines(path: Path, progress: Progress | None, done: int, total: int) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line, reporting bytes read to ``progress``."""
    mark = done + PROGRESS_STEP
    with open(path, "rb") as fh:
        for row, raw in enumerate(fh, 1):
            done += len(raw)
            if progress is not None and done >= mark:
                progress(done, total)
                mark = done + PROGRESS_STEP
            if raw.strip():
                yield row, raw
    if progress is not None:
        progress(done, total)


def _end_prop(schema: Schema) -> str | None:
    """The property naming what a relation attaches to: a Sanction's entity, an Identification's
    holder, a link's first end."""
    if schema.name == "Sanction":
        return "entity"
    if schema.is_a("Identification"):
        return "holder"
    return LINK_SCHEMAS[schema.name][0] if schema.name in LINK_SCHEMAS else None


def _proxy(raw: bytes) -> EntityProxy:
    """The FtM object of a line pass 1 has checked."""
    return _model().get_proxy(json.loads(raw))


class _Aux:
    """The lines that are not screened things, in a temporary SQLite file."""

    def __init__(self, folder: Path, path: Path) -> None:
        self.db = sqlite3.connect(folder / "aux.sqlite", isolation_level=None)
        self.db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        self.db.execute("BEGIN")
        self.path = path

    def add(self, row: int, k: int, pid: str, schema: Schema, raw: bytes, props: dict[str, list[str]]) -> None:
        self.db.execute("INSERT INTO aux VALUES (?,?,?,?,?)", (row, k, pid, schema.name, raw))
        if (prop := _end_prop(schema)) is not None:
            self.db.executemany("INSERT INTO refs VALUES (?,?,?,?,?)",
                                ((e, pid, k, prop, schema.name) for e in props.get(prop, [])))

    def ready(self) -> None:
        self.db.execute("COMMIT")
        self.db.executescript("CREATE INDEX aux_id ON aux (id, row); CREATE INDEX refs_eid ON refs (eid);")

    def get(self, pid: str) -> EntityProxy | None:
        """The (merged) proxy of a non-thing id, if the file has it."""
        rows = self.db.execute("SELECT row, raw FROM aux WHERE id = ? ORDER BY row", (pid,)).fetchall()
        return _merge([(row, _proxy(raw)) for row, raw in rows], self.path)

    def relations(self, eid: str) -> list[EntityProxy]:
        """The relations attached to ``eid``, in the order of their first line in the file."""
        parts: dict[str, list[tuple[int, EntityProxy]]] = {}
        for rid, row, raw in self.db.execute(
                "SELECT DISTINCT a.id, a.row, a.raw FROM refs r JOIN aux a ON a.id = r.rid WHERE r.eid = ?"
                " ORDER BY a.row", (eid,)):
            parts.setdefault(rid, []).append((row, _proxy(raw)))
        return [p for p in (_merge(rows, self.path) for rows in parts.values()) if p is not None]

    def close(self) -> None:
        self.db.close()


class _AuxMap(Mapping[str, "EntityProxy"]):
    """The non-thing lines as the mapping ``_entity`` looks addresses up in."""

    def __init__(self, aux: _Aux) -> None:
        self.aux = aux

    def __getitem__(self, pid: str) -> EntityProxy:
        found = self.aux.get(pid)
        if found is None:
            raise KeyError(pid)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class _Waiting:
    """Records whose link names a thing further down the file, kept in the temporary file until
    the end of pass 2 (as the store keeps them: :meth:`Entity.to_dict`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        db.execute("CREATE TABLE waiting (n INTEGER PRIMARY KEY, data TEXT NOT NULL)")

    def add(self, ent: Entity) -> None:
        self.db.execute("INSERT INTO waiting (data) VALUES (?)", (json.dumps(ent.to_dict(), ensure_ascii=False),))

    def all(self) -> Iterator[Entity]:
        for (data,) in self.db.execute("SELECT data FROM waiting ORDER BY n"):
            yield Entity.from_dict(json.loads(data))


def _merge(parts: list[tuple[int, EntityProxy]], path: Path) -> EntityProxy | None:
    """The fragments of one id merged in file order; InputError (file, line, field) where they do not."""
    merged: EntityProxy | None = None
    for row, proxy in parts:
        try:
            merged = proxy if merged is None else merged.merge(proxy)
        except (_invalid(), TypeError, ValueError) as exc:
            raise InputError(f"repeated id {proxy.id}: {exc}", file=str(path), row=row, field="schema") from None
    return merged


class _Reader:
    """One streamed read of ``path``: pass 1 in the constructor, pass 2 in :meth:`entities`."""

    def __init__(self, path: Path, source: str, folder: Path, progress: Progress | None) -> None:
        self.path, self.source, self.progress = path, source, progress
        self.size = path.stat().st_size
        self.warnings: list[str] = []
        self.skipped: Counter[str] = Counter()
        self.aux = _Aux(folder, path)
        self.targets: set[str] = set()
        schemas: dict[str, tuple[Schema, bool]] = {}
        hashes, things = array("q"), array("b")  # per non-blank line: the id's hash, whether a thing
        for k, (row, raw) in enumerate(_lines(path, progress, 0, 2 * self.size)):
            data = check_line(raw, path, row)
            pid, name = data["id"], data["schema"]
            hashes.append(hash(pid))
            if name not in schemas:
                schema = _model().get(name)
                assert schema is not None  # check_line refused unknown schemas
                schemas[name] = (schema, _behind_schema(schema) is not None)
            schema, thing = schemas[name]
            things.append(thing)
            if not thing:
                props = data.get("properties", {})
                self.aux.add(row, k, pid, schema, raw, props)
                if name in LINK_SCHEMAS:
                    self.targets.update(props.get(LINK_SCHEMAS[name][1], []))
        self.aux.ready()
        self.ids, self.repeated, self.aside = _runs(np.frombuffer(hashes, dtype=np.int64),
                                                    np.frombuffer(things, dtype=np.int8))
        del hashes, things
        self._not_things()
        self.labels: dict[str, str] = {}

    def _not_things(self) -> None:
        """Count the skipped schemas and warn about relations attached to ids not in the file, for
        the lines pass 2 leaves aside (the one line of an id that is not a thing)."""
        last = None
        for k, pid, name in self.aux.db.execute("SELECT k, id, schema FROM aux ORDER BY k"):
            if self.aside[k] and name not in REL_SCHEMAS and pid != last:
                self.skipped[name] += 1
            last = pid
        for k, eid, rid, prop, name in self.aux.db.execute(
                "SELECT MIN(k), eid, rid, prop, schema FROM refs GROUP BY rid, eid ORDER BY MIN(k)"):
            if self.aside[k] and not self.in_file(eid):
                self.warnings.append(f"{name} {rid}: {prop} {eid} not in file")

    def in_file(self, pid: str) -> bool:
        h = hash(pid)
        i = int(np.searchsorted(self.ids, h))
        return i < len(self.ids) and int(self.ids[i]) == h

    def entities(self) -> Iterator[Entity]:
        pending: dict[str, list[tuple[int, EntityProxy]]] = {}
        waiting = _Waiting(self.aux.db)
        run: list[tuple[int, EntityProxy]] = []
        try:
            for k, (row, raw) in enumerate(_lines(self.path, self.progress, self.size, 2 * self.size)):
                if self.aside[k]:
                    continue
                proxy = _proxy(raw)
                if run and run[0][1].id != proxy.id:
                    yield from self._done(run, pending, waiting)
                    run = []
                run.append((row, proxy))
            if run:
                yield from self._done(run, pending, waiting)
            for parts in pending.values():
                yield from self._done(parts, pending, waiting, final=True)
            for ent in waiting.all():
                yield self._labelled(ent)
            if self.skipped:
                counts = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()))
                self.warnings.append(f"skipped {sum(self.skipped.values())} entities that are not screened: {counts}")
        finally:
            self.aux.close()

    def _done(self, run: list[tuple[int, EntityProxy]], pending: dict[str, list[tuple[int, EntityProxy]]],
              waiting: _Waiting, *, final: bool = False) -> Iterator[Entity]:
        pid = str(run[0][1].id)
        if not final and hash(pid) in self.repeated:  # more fragments further down: hold until the end
            pending.setdefault(pid, []).extend(run)
            return
        proxy = _merge(run, self.path)
        assert proxy is not None
        ent = self._thing(proxy)
        if ent is None:
            return
        if any(lk.target_id is not None and lk.target == "" for lk in ent.links):
            waiting.add(ent)  # a link's far end is further down: named at the end
        else:
            yield ent

    def _labelled(self, ent: Entity) -> Entity:
        links = [replace(lk, target=self.labels.get(lk.target_id, lk.target_id))
                 if lk.target_id is not None and lk.target == "" else lk for lk in ent.links]
        return replace(ent, links=links)

    def _thing(self, proxy: EntityProxy) -> Entity | None:
        """The record of one merged thing (None for relations and skipped schemas), with what the
        file's other lines attach to it; its links' unnamed far ends have target ``""``."""
        pid = str(proxy.id)
        if (schema := _behind_schema(proxy.schema)) is None:
            if proxy.schema.name not in REL_SCHEMAS:
                self.skipped[proxy.schema.name] += 1
            else:
                self._check_ends(proxy)
            return None
        ent = _entity(proxy, schema, self.source, _AuxMap(self.aux))
        if pid in self.targets:
            self.labels[pid] = ent.name if ent is not None else proxy.caption
        if ent is None:
            self.warnings.append(f"{proxy.schema.name} {pid}: no name, skipped")
            return None
        dates: list[str] = []
        for rel in self.aux.relations(pid):
            self._attach(ent, rel, dates)
        ent.programs = ent.programs or _unique(ent.extra.get("topics", []))
        ent.listed_on = ent.listed_on or min(filter(None, dates), default=None)
        return ent

    def _check_ends(self, rel: EntityProxy) -> None:
        """Warn about a relation's first ends that are not in the file (far ends: in :meth:`_label`)."""
        name = rel.schema.name
        prop = ("entity" if name == "Sanction" else "holder" if rel.schema.is_a("Identification")
                else LINK_SCHEMAS[name][0] if name in LINK_SCHEMAS else None)
        for eid in rel.get(prop, quiet=True) if prop else []:
            if not self.in_file(eid):
                self.warnings.append(f"{name} {rel.id}: {prop} {eid} not in file")

    def _attach(self, ent: Entity, rel: EntityProxy, dates: list[str]) -> None:
        name = rel.schema.name
        if name == "Sanction":
            ent.programs = _unique([*ent.programs, *rel.get("program")])
            dates.extend(rel.get("startDate") + rel.get("listingDate"))
            info = {k: "; ".join(rel.get(k)) for k in _SANCTION_KEYS if rel.get(k)}
            ent.extra.setdefault("sanctions", []).append({"id": str(rel.id), **info})
            ent.source_url = ent.source_url or rel.first("sourceUrl")
        elif rel.schema.is_a("Identification"):
            numbers = _unique(rel.get("number") + rel.get("passportNumber", quiet=True))
            scheme, country, kind = _id_scheme(rel), rel.first("country"), rel.first("type")
            for number in numbers:
                _add_identifier(ent, Identifier(scheme, number, country, kind))
        elif name in LINK_SCHEMAS:
            dst_prop, relation = LINK_SCHEMAS[name][1], LINK_SCHEMAS[name][2]
            share, url = _share(rel.first("percentage", quiet=True)), rel.first("sourceUrl")
            start, stop = rel.first("startDate"), rel.first("endDate")
            sources = ({"url": url},) if url else ()
            for tid in rel.get(dst_prop):
                ent.links.append(Link(relation, self._label(rel, dst_prop, tid), tid, share, start, stop, sources))

    def _label(self, rel: EntityProxy, prop: str, tid: str) -> str:
        """The far end's name: a thing's record name, another entity's caption, else its id;
        ``""`` for a thing further down the file (filled in at the end)."""
        if tid in self.labels:
            return self.labels[tid]
        if not self.in_file(tid):
            self.warnings.append(f"{rel.schema.name} {rel.id}: {prop} {tid} not in file")
            return tid
        other = self.aux.get(tid)
        return other.caption if other is not None else ""


_SANCTION_KEYS = ("program", "authority", "startDate", "endDate", "listingDate", "reason", "sourceUrl")


def _runs(hashes: np.ndarray[Any, Any], things: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], set[int],
                                                                               np.ndarray[Any, Any]]:
    """From the id hash of each line and whether it is a thing: the sorted hashes of the ids in the
    file, the hashes of ids on lines apart (fragments spread over the file), and per line whether
    pass 2 leaves it aside (the one line of a non-thing id)."""
    if not len(hashes):
        return hashes, set(), np.zeros(0, dtype=bool)
    starts = np.concatenate(([True], hashes[1:] != hashes[:-1]))
    run = np.cumsum(starts) - 1
    run_hashes = hashes[starts]
    run_things = np.maximum.reduceat(things, np.flatnonzero(starts)).astype(bool)
    ids, counts = np.unique(run_hashes, return_counts=True)
    spread = ids[counts > 1]
    single = np.diff(np.append(np.flatnonzero(starts), len(hashes))) == 1  # fragments are merged in pass 2
    aside = ~run_things & single & ~np.isin(run_hashes, spread)
    return ids, set(spread.tolist()), aside[run]


def stream_ftm(path: Path, source: str, folder: Path, *, progress: Progress | None = None) -> StreamedList:
    """Check ``path`` (pass 1, now) and return its records as a stream (pass 2, as they are read).
    ``folder`` holds the temporary file of pass 1; ``progress(bytes done, bytes total)`` is called
    as the two passes read the file (the total is twice its size)."""
    reader = _Reader(path, source, folder, progress)
    return StreamedList(source=source, entities=reader.entities(), warnings=reader.warnings)


__all__ = ["PROGRESS_STEP", "stream_ftm"]
