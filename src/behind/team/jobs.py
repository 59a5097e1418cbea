"""Screening jobs of the service: an uploaded file screened in a background thread.

A job is a row of ``screening_jobs`` in the team database (migration ``0101``) and a folder
``DATA_DIR/jobs/<id>/`` holding the upload (``input/<name>``) and the reports
(``report.json``, ``.csv``, ``.xlsx``, ``.html``). States: ``queued`` -> ``running`` ->
``done`` or ``failed``. The screening is that of :func:`behind.reports.run_screen`, which keeps
a checkpoint beside the report: a server killed mid-run finds its ``queued`` and ``running``
jobs at the next start (:meth:`JobWorker.resume`) and continues them from the checkpoint.

A finished job turns its alerts into review cases (:func:`behind.team.cases.cases_from_report`,
which re-applies earlier decisions) and appends one ``screening`` entry to the audit chain.
"""

from __future__ import annotations

import json
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, select, update
from sqlalchemy.engine import RowMapping

from behind.config import Settings
from behind.errors import BehindError, HostileInputError, NotFoundError, UsageError
from behind.model.results import RunMeta
from behind.reports import write_report
from behind.screening.outputs import OutputLock, report_paths
from behind.screening.request import ScreenProgress, ScreenRequest
from behind.screening.runner import screen_to_checkpoint
from behind.model import Report
from behind.team.cases import cases_from_report
from behind.team.db import TeamDB
from behind.team.fingerprints import RecordLookup

#: report formats of a job, each written as ``report.<format>``
REPORT_FORMATS = ("json", "csv", "xlsx", "html")
#: what an upload may be
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".tsv", ".txt")
STATES = ("queued", "running", "done", "failed")
_PROGRESS_EVERY_S = 0.5
_SAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")

_meta = MetaData()
screening_jobs = Table(
    "screening_jobs", _meta,
    Column("id", String(32), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("options", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("done", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("rows", Integer),
    Column("alerts", Integer),
    Column("cases", Integer),
    Column("screening_id", Integer),
    Column("error", Text),
)


@dataclass(frozen=True)
class Job:
    id: str
    state: str
    kind: str
    file_name: str
    options: dict[str, Any]
    actor: str
    created_at: str
    updated_at: str
    done: int
    total: int
    rows: int | None
    alerts: int | None
    cases: int | None
    screening_id: int | None
    error: str | None

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @classmethod
    def of(cls, row: RowMapping) -> Job:
        data = dict(row)
        data["options"] = json.loads(data["options"])
        return cls(**data)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def safe_file_name(name: str | None) -> str:
    """The upload's file name as stored: its characters outside ``A-Z a-z 0-9 . _ - ( ) space``
    replaced. A name with a folder part (``../x.csv``, ``a/b.csv``, ``C:\\x``), a NUL or no
    name at all is refused (:class:`HostileInputError`), as is a suffix other than CSV/XLSX."""
    if not name or not name.strip():
        raise UsageError("the upload has no file name", option="file")
    if any(c in name for c in "/\\\x00") or name.strip().startswith("..") or re.match(r"^[A-Za-z]:", name):
        raise HostileInputError("the file name may not name a folder", file=name[:200], field="file")
    clean = _SAFE.sub("_", name.strip())[:120].lstrip(".") or "upload.csv"
    if not clean.lower().endswith(UPLOAD_SUFFIXES):
        raise UsageError(f"upload a CSV or XLSX file, not {clean!r}", option="file")
    return clean


def job_dir(settings: Settings, job_id: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", job_id):
        raise NotFoundError(f"no screening {job_id!r}", what="screening", name=job_id[:64])
    return settings.data_dir / "jobs" / job_id


def report_path(settings: Settings, job: Job, fmt: str) -> Path:
    if fmt not in REPORT_FORMATS:
        raise NotFoundError(f"no report format {fmt!r}; expected one of {', '.join(REPORT_FORMATS)}",
                            what="format", name=fmt)
    return job_dir(settings, job.id) / f"report.{fmt}"


def input_path(settings: Settings, job: Job) -> Path:
    return job_dir(settings, job.id) / "input" / job.file_name


def create_job(db: TeamDB, settings: Settings, *, kind: str, file_name: str, content: bytes,
               options: dict[str, Any], actor: str) -> Job:
    """Store the upload and queue its job (the file is written before the row, so a queued job has its file)."""
    job_id = secrets.token_hex(16)
    folder = job_dir(settings, job_id) / "input"
    folder.mkdir(parents=True)
    (folder / file_name).write_bytes(content)
    now = _now()
    row = {"id": job_id, "state": "queued", "kind": kind, "file_name": file_name,
           "options": json.dumps(options, sort_keys=True), "actor": actor, "created_at": now, "updated_at": now,
           "done": 0, "total": 0, "rows": None, "alerts": None, "cases": None, "screening_id": None, "error": None}
    with db.begin() as conn:
        conn.execute(screening_jobs.insert().values(**row))
    return get_job(db, job_id)


def get_job(db: TeamDB, job_id: str) -> Job:
    with db.read() as conn:
        row = conn.execute(select(screening_jobs).where(screening_jobs.c.id == job_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no screening {job_id!r}", what="screening", name=job_id[:64])
    return Job.of(row)


def list_jobs(db: TeamDB, limit: int = 50) -> list[Job]:
    with db.read() as conn:
        rows = conn.execute(select(screening_jobs).order_by(screening_jobs.c.created_at.desc())
                            .limit(limit)).mappings().all()
    return [Job.of(r) for r in rows]


def _set(db: TeamDB, job_id: str, **values: Any) -> None:
    with db.begin() as conn:
        conn.execute(update(screening_jobs).where(screening_jobs.c.id == job_id)
                     .values(updated_at=_now(), **values))


def claim(db: TeamDB, job_id: str) -> bool:
    """Mark a queued job running; False when it is not queued (another worker has it, or it is over)."""
    with db.begin() as conn:
        done = conn.execute(update(screening_jobs)
                            .where(screening_jobs.c.id == job_id, screening_jobs.c.state == "queued")
                            .values(state="running", error=None, updated_at=_now())).rowcount
    return bool(done)


#: what a finished screening does next: (job, report json path) -> (screening id, cases)
AfterRun = Callable[[Job, Path], tuple[int | None, int]]


def run_job(db: TeamDB, settings: Settings, job: Job, after: AfterRun | None = None) -> Job:
    """Screen the job's file into its reports, then hand the JSON report to ``after``
    (cases and audit). Any Behind error fails the job with its message; the worker lives on."""
    _set(db, job.id, state="running", error=None)
    last = [0.0]

    def progress(p: ScreenProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_EVERY_S or p.done >= p.total:
            last[0] = now
            _set(db, job.id, done=p.done, total=p.total)

    folder = job_dir(settings, job.id)
    opts = job.options
    as_of = date.fromisoformat(opts["as_of"]) if opts.get("as_of") else None
    req = ScreenRequest(input=input_path(settings, job), kind=job.kind, output=folder / "report.json", fmt="json",
                        as_of=as_of, mapping=opts.get("mapping") or None, sheet=opts.get("sheet") or None,
                        also=tuple((folder / f"report.{f}", f) for f in REPORT_FORMATS if f != "json"))
    try:
        meta = _screen(settings, req, progress)
        screening_id, cases = after(job, folder / "report.json") if after else (None, 0)
    except BehindError as exc:
        _set(db, job.id, state="failed", error=str(exc))
        return get_job(db, job.id)
    _set(db, job.id, state="done", rows=meta.rows, alerts=meta.alerts, cases=cases, screening_id=screening_id,
         done=meta.rows, total=max(meta.rows, job.total))
    return get_job(db, job.id)


def cases_after(db: TeamDB, records: RecordLookup | None = None) -> AfterRun:
    """The step after a job's screening: its alerts become review cases (earlier decisions re-applied),
    with the screening's audit entry, in one transaction."""

    def after(job: Job, report_json: Path) -> tuple[int | None, int]:
        report = Report.model_validate_json(report_json.read_bytes())
        batch = cases_from_report(db, report, job.actor, job.file_name, records=records)
        return batch.screening_id, len(batch.cases)

    return after


def _screen(settings: Settings, req: ScreenRequest, progress: Callable[[ScreenProgress], None]) -> RunMeta:
    """:func:`behind.reports.run_screen` without its check that reports stay out of the data folder:
    a job's reports have fixed names in its own folder there, beside nothing they could replace."""
    with OutputLock(report_paths(req)):
        run = screen_to_checkpoint(settings, req, progress)
        for path, fmt in ((req.output, req.fmt), *req.also):
            write_report(run.meta, run.checkpoint.rows(), path, fmt, lines=run.checkpoint.lines())
        run.checkpoint.remove()
    return run.meta


class JobWorker:
    """The background thread that runs queued jobs, oldest first.

    Of the server processes sharing a data folder (``behind serve --workers N``), one runs jobs:
    the one holding the lock ``DATA_DIR/jobs/.worker.lock``; the others wait for it and take over
    should its process end. The job runner finds work in the database (any process may queue a
    job); :meth:`submit` only wakes it. Each job is claimed atomically (:func:`claim`)."""

    def __init__(self, db: TeamDB, settings: Settings, after: AfterRun | None = None) -> None:
        self.db, self.settings, self.after = db, settings, after
        self._wake: queue.Queue[str | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="behind-jobs", daemon=True)
        self._thread.start()

    def resume(self) -> list[str]:
        """Queue again every job a stopped server left queued or running (oldest first); a running
        one continues from its checkpoint. The worker does it when it takes the lock."""
        with self.db.begin() as conn:
            conn.execute(update(screening_jobs).where(screening_jobs.c.state == "running")
                         .values(state="queued", updated_at=_now()))
            return [r[0] for r in conn.execute(
                select(screening_jobs.c.id).where(screening_jobs.c.state == "queued")
                .order_by(screening_jobs.c.created_at))]

    def submit(self, job: Job) -> None:
        self._wake.put(job.id)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _next(self) -> str | None:
        with self.db.read() as conn:
            row = conn.execute(select(screening_jobs.c.id).where(screening_jobs.c.state == "queued")
                               .order_by(screening_jobs.c.created_at).limit(1)).first()
        return str(row[0]) if row else None

    def _run(self) -> None:
        import fcntl

        folder = self.settings.data_dir / "jobs"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / ".worker.lock").open("a") as lock:
            while True:  # wait for the lock: another process of this service may run the jobs
                try:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if self._stop.wait(2.0):
                        return
            self.resume()
            while not self._stop.is_set():
                while not self._stop.is_set() and (job_id := self._next()) is not None:
                    self._one(job_id)
                try:
                    self._wake.get(timeout=1.0)
                except queue.Empty:
                    pass

    def _one(self, job_id: str) -> None:
        try:
            if claim(self.db, job_id):
                run_job(self.db, self.settings, get_job(self.db, job_id), self.after)
        except Exception as exc:  # noqa: BLE001 - a broken job must not stop the worker
            try:
                _set(self.db, job_id, state="failed", error=f"{exc.__class__.__name__}: {exc}")
            except Exception:  # noqa: BLE001
                pass


__all__ = ["REPORT_FORMATS", "STATES", "UPLOAD_SUFFIXES", "AfterRun", "Job", "JobWorker", "cases_after", "claim", "create_job",
           "get_job", "input_path", "job_dir", "list_jobs", "report_path", "run_job", "safe_file_name",
           "screening_jobs"]
