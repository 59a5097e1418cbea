"""Reports: a screening run written as CSV, XLSX, JSON or one self-contained HTML page, and
pictures of exposure paths as SVG."""

from behind.reports.cells import (
    RESULT_COLUMNS,
    entity_names,
    path_text,
    result_cells,
    safe_cell,
    source_urls,
    strip_controls,
)
from behind.reports.html_report import CLEAR_ROWS_SHOWN, write_html
from behind.reports.run import run_screen
from behind.reports.svg import explanation_svg, render, row_svg
from behind.reports.writer import FORMATS, write_json, write_report

__all__ = ["CLEAR_ROWS_SHOWN", "FORMATS", "RESULT_COLUMNS", "entity_names", "explanation_svg", "path_text",
           "render", "result_cells", "row_svg", "run_screen", "safe_cell", "source_urls", "strip_controls",
           "write_html", "write_json", "write_report"]
