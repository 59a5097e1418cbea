"""The Spark engine: the same screening, with rows distributed over a Spark cluster.

Only the distribution differs from the local engine (the splink lesson): each
Spark Python worker builds one :class:`~behind.screening.screener.Screener` from the same
store and keeps it for every partition it runs, rows travel in batches, and the
results come back in input order, so the report is identical to the local
engine's. ``pip install -e ".[spark]"`` installs PySpark; a Java 17+ runtime is
needed. The master defaults to ``local[N]`` (``BEHIND_SPARK_MASTER`` overrides it).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from behind.errors import BehindError
from behind.screening.inputs.tables import InputRow

if TYPE_CHECKING:
    from behind.config import Settings
    from behind.screening.runner import ScreenRequest

BATCH_ROWS = 50_000
_CACHE: dict[tuple[Any, ...], Any] = {}


def _screener(conf: dict[str, Any]) -> Any:
    key = (conf["data_dir"], conf["as_of"], conf["fixed"], json.dumps(conf["regimes"], sort_keys=True),
           conf["max_depth"])
    if key not in _CACHE:
        from pathlib import Path

        from behind.config import Settings
        from behind.screening.runner import build_screener

        settings = Settings(data_dir=Path(conf["data_dir"]), regimes=conf["regimes"], max_depth=conf["max_depth"])
        screener, _ = build_screener(settings, date.fromisoformat(conf["as_of"]))
        screener.fixed_date = conf["fixed"]
        _CACHE.clear()
        _CACHE[key] = screener
    return _CACHE[key]


def _partition(conf: dict[str, Any], rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[str]:
    screener = _screener(conf)
    for number, fields in rows:
        yield json.dumps(screener.screen(conf["kind"], InputRow(number, fields)).to_dict(), ensure_ascii=False)


def spark_session(workers: int) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the extra being installed
        raise BehindError('the Spark engine needs PySpark: pip install -e ".[spark]" (and Java 17+)') from exc
    master = os.environ.get("BEHIND_SPARK_MASTER", f"local[{max(workers, 2)}]")
    # workers must run this interpreter, where Behind is installed
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (SparkSession.builder.master(master).appName("behind-screen")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4").getOrCreate())


def screen_with_spark(settings: Settings, req: ScreenRequest, rows: Iterator[InputRow], as_of: date,
                      fixed: bool) -> Iterator[str]:
    """Screen ``rows`` on Spark; yield result lines in input order."""
    spark = spark_session(req.workers)
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    conf = sc.broadcast({"data_dir": str(settings.data_dir), "kind": req.kind, "as_of": as_of.isoformat(),
                         "fixed": fixed, "regimes": settings.regimes, "max_depth": settings.max_depth})
    slices = max(sc.defaultParallelism, 2)
    try:
        while True:
            batch = [(r.number, r.fields) for r in islice(rows, BATCH_ROWS)]
            if not batch:
                break
            value = conf.value
            # mapPartitions keeps order inside a partition and collect() keeps partition order
            yield from sc.parallelize(batch, slices).mapPartitions(lambda it: _partition(value, it)).collect()
    finally:
        conf.unpersist()


__all__ = ["screen_with_spark", "spark_session"]
