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
from pathlib import Path
from typing import Any

from behind.config import Settings
from behind.errors import BehindError
from behind.screening.factory import build_screener
from behind.screening.inputs.tables import InputRow
from behind.screening.request import ScreenRequest
from behind.screening.screener import Screener

BATCH_ROWS = 50_000
_CACHE: dict[tuple[Any, ...], Any] = {}


def _screener(conf: dict[str, Any]) -> Screener:
    key = (conf["data_dir"], conf["as_of"], conf["fixed"], json.dumps(conf["regimes"], sort_keys=True),
           conf["max_depth"], json.dumps(conf["matching"], sort_keys=True))
    if key not in _CACHE:
        settings = Settings(data_dir=Path(conf["data_dir"]), regimes=conf["regimes"], max_depth=conf["max_depth"],
                            matching=conf["matching"])
        screener, _ = build_screener(settings, date.fromisoformat(conf["as_of"]))
        screener.fixed_date = conf["fixed"]
        _CACHE.clear()
        _CACHE[key] = screener
    found: Screener = _CACHE[key]
    return found


def _partition(conf: dict[str, Any], rows: Iterable[tuple[int, dict[str, str]]]) -> Iterator[str]:
    screener = _screener(conf)
    for number, fields in rows:
        yield screener.screen(conf["kind"], InputRow(number, fields)).model_dump_json()


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
                         "fixed": fixed, "regimes": settings.regimes, "max_depth": settings.max_depth,
                         "matching": settings.matching})
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
