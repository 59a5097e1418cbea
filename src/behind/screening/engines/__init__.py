"""Engines: where rows are screened. Local (this process or forked workers) or Spark; the same
:class:`~behind.screening.screener.Screener` either way, so the reports are identical."""

from behind.screening.engines.local import screen_local
from behind.screening.engines.spark import screen_with_spark, spark_session

__all__ = ["screen_local", "screen_with_spark", "spark_session"]
