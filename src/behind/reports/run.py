"""Screen a file and write its reports: the whole job behind ``behind screen``, the demo and the API."""

from __future__ import annotations

from behind.config import Settings
from behind.model.results import RunMeta
from behind.reports.writer import write_report
from behind.screening.outputs import OutputLock, check_outputs, report_paths
from behind.screening.request import ScreenRequest
from behind.screening.runner import ProgressCallback, screen_to_checkpoint


def run_screen(settings: Settings, req: ScreenRequest, on_progress: ProgressCallback | None = None) -> RunMeta:
    """Screen ``req.input``, write ``req.output`` (and ``req.also``), then drop the checkpoint.

    Before anything is written, refuses (:class:`~behind.errors.OutputError`) a report path that
    is the input, lies in the store's folder or is a folder. The whole run, reports included,
    holds an exclusive lock on every report path: a second run of the same output raises
    :class:`~behind.errors.BusyError` at once. Raises :class:`~behind.errors.InputError` before
    writing anything on bad input; a run killed before the reports are written resumes from its
    checkpoint (unless the lists changed since: then it is refused, and ``--restart`` starts over)."""
    check_outputs(settings, req)
    with OutputLock(report_paths(req)):
        run = screen_to_checkpoint(settings, req, on_progress)
        for path, fmt in ((req.output, req.fmt), *req.also):
            write_report(run.meta, run.checkpoint.rows(), path, fmt, lines=run.checkpoint.lines())
        run.checkpoint.remove()
    return run.meta


__all__ = ["run_screen"]
