"""Where a run writes: the checks on its report paths, and the lock that keeps two runs apart.

:func:`check_outputs` refuses, before anything is written, a report path that resolves
(symlinks followed) to the input file, to anything inside the store's data folder, or to an
existing folder. :class:`OutputLock` is an exclusive, non-blocking ``flock`` on
``<output>.lock`` beside each report, held for the whole run (screening, checkpoint and
report writing): a second run of the same output is refused at once with a
:class:`~behind.errors.BusyError` instead of resuming from, and appending to, the first
run's checkpoint.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from behind.config import Settings
from behind.errors import BusyError, OutputError
from behind.screening.request import ScreenRequest


def report_paths(req: ScreenRequest) -> list[Path]:
    """The main report and the extra ones (``also``), in order, each once."""
    return list(dict.fromkeys(Path(p) for p in (req.output, *(p for p, _fmt in req.also))))


def lock_path(output: Path) -> Path:
    return output.with_name(output.name + ".lock")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_outputs(settings: Settings, req: ScreenRequest) -> None:
    """Refuse a report path that would destroy data; raises :class:`OutputError` saying why."""
    source = Path(req.input).resolve()
    data_dir = Path(settings.data_dir).resolve()
    for out, fmt in ((Path(req.output), req.fmt), *((Path(p), f) for p, f in req.also)):
        try:  # the report itself, and the files written beside it (``.part``, ``.lock``, ``.partial/``)
            beside = [p.resolve() for p in (out, *(out.with_name(out.name + s) for s in (".part", ".lock",
                                                                                       ".partial")))]
        except (OSError, RuntimeError) as exc:  # a symlink loop
            raise OutputError(f"cannot write the report {out}: {exc}", path=str(out)) from None
        real = beside[0]
        clash = next((p for p in beside if p == source or _same_file(p, source)), None)
        if clash is not None:
            what = "it is" if clash == real else f"the file {clash.name} written beside it would be"
            raise OutputError(f"refusing to write the report to {out}: {what} the input file {req.input}, "
                              "which the report would replace; choose another --output", path=str(out))
        if any(_inside(p, data_dir) or _same_file(p, settings.store_path) for p in beside):
            raise OutputError(f"refusing to write the report to {out}: it is inside Behind's data folder "
                              f"{settings.data_dir}, which holds the list store the report could destroy; "
                              "choose another --output", path=str(out))
        if real.is_dir():
            raise OutputError(f"refusing to write the report to {out}: it is an existing folder; give the "
                              f"report a file name, e.g. {out / ('report.' + fmt)}", path=str(out))


class OutputLock:
    """An exclusive lock on each report path and its checkpoint, for one run.

    ``with OutputLock(paths):`` creates each report's folder when missing, then takes
    ``flock(LOCK_EX | LOCK_NB)`` on ``<report>.lock``; a path another run holds raises
    :class:`BusyError` at once. On release each lock file is removed while still held; a
    run that locked a file just removed retries on the new one, so two runs never both
    hold a path.
    """

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self._held: list[tuple[Path, int]] = []

    def __enter__(self) -> OutputLock:
        try:
            for out in self.paths:
                self._held.append((lock_path(out), self._take(out)))
        except BaseException:
            self.release()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()

    @staticmethod
    def _take(out: Path) -> int:
        path = lock_path(out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the report {out}: cannot create its folder {out.parent} "
                              f"({exc.strerror or exc})", path=str(out)) from None
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot write the report {out}: cannot create {path} ({exc.strerror or exc})",
                                  path=str(out)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise BusyError(f"another run is writing the report {out} (it holds {path}); wait for it to "
                                "finish, or choose another --output", path=str(out)) from None
            except OSError as exc:
                os.close(fd)
                raise OutputError(f"cannot lock {path} for the report {out} ({exc.strerror or exc})",
                                  path=str(out)) from None
            try:  # the file we locked must still be the one at the path (not removed by a run just ending)
                if os.stat(path).st_ino == os.fstat(fd).st_ino:
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)

    def release(self) -> None:
        while self._held:
            path, fd = self._held.pop()
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            os.close(fd)


__all__ = ["OutputLock", "check_outputs", "lock_path", "report_paths"]
