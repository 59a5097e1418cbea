"""The files users screen: CSV, XLSX, BibTeX and OpenAlex exports, read safely as rows.

- :mod:`~behind.screening.inputs.tables`: :func:`open_table`, :class:`Table`, :class:`InputRow`.
- :mod:`~behind.screening.inputs.kinds`: the kinds and their fields (:data:`FIELDS`, :data:`REQUIRED`).
- :mod:`~behind.screening.inputs.columns`: the header row and the column mapping (``--column``).
- :mod:`~behind.screening.inputs.formats`: the format, told by content.
- :mod:`~behind.screening.inputs.csvfile`: text tables: encoding, delimiter, records.
- :mod:`~behind.screening.inputs.xlsx`: workbooks, with their zip-bomb checks.
- :mod:`~behind.screening.inputs.bibliography`: authorships from BibTeX and OpenAlex.
"""

from behind.screening.inputs.bibliography import Authorship
from behind.screening.inputs.columns import parse_mapping
from behind.screening.inputs.formats import FORMATS
from behind.screening.inputs.kinds import FIELDS, KINDS, REQUIRED, check_kind
from behind.screening.inputs.tables import MAX_BYTES, MAX_CELL_CHARS, InputRow, Table, open_table

__all__ = ["FIELDS", "FORMATS", "KINDS", "MAX_BYTES", "MAX_CELL_CHARS", "REQUIRED", "Authorship", "InputRow", "Table",
           "check_kind", "open_table", "parse_mapping"]
