"""Hypothesis profiles for the fuzz tests.

- ``ci`` (the default): derandomized (the same examples on every run, so a failure is
  reproducible and the suite is not flaky), a bounded number of examples per test, no example
  database written into the tree. The whole fuzz folder adds about half a minute to the suite.
- ``fuzz``: a long random run for finding new bugs, with the example database kept outside
  the tree (``~/.cache/behind-fuzz``):
  ``HYPOTHESIS_PROFILE=fuzz .venv/bin/pytest tests/fuzz -p no:cacheprovider``.
  Add each input that fails to ``corpus/`` or as an ``@example`` of its test, then fix the parser.

The ``deadline`` bounds the time of one example (parsing a file of a few hundred kilobytes at
most): a parser that hangs or grows quadratically on a hostile input fails it.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
            HealthCheck.filter_too_much]

settings.register_profile("ci", derandomize=True, database=None, max_examples=200,
                          deadline=timedelta(seconds=10), suppress_health_check=_SLOW_OK, print_blob=True)
settings.register_profile("fuzz", max_examples=5_000, deadline=timedelta(seconds=5),
                          database=DirectoryBasedExampleDatabase(Path.home() / ".cache" / "behind-fuzz"),
                          suppress_health_check=_SLOW_OK, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
