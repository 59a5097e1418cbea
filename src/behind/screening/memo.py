"""Result lines of a screening, each outcome computed once per distinct row.

Vendor masters repeat themselves: the same supplier on many orders, the same name in many
countries. A row's outcome depends only on :func:`~behind.screening.screener.outcome_key` (its
kind and the fields that kind screens); its result line differs from another row's of the same
key only by its number and its input. :class:`Outcomes` keeps, per key, the outcome's line as
JSON text cut around those two (``row`` and ``input`` come first in
:class:`~behind.model.results.RowResult`), so a repeated row costs a dictionary look-up and
the serialisation of its own input, never a search. The lines are byte for byte what
``RowResult.model_dump_json()`` writes for the row screened on its own.

At most :data:`MEMO_SIZE` keys are kept (the least recently used go first); identical cut
results are stored once.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from pydantic import TypeAdapter

from behind.model.results import RowResult

#: distinct row keys whose outcome is kept
MEMO_SIZE = 500_000
_FIELDS: TypeAdapter[dict[str, str]] = TypeAdapter(dict[str, str])
_HEAD = '{"row":0'
_INPUT = ',"input":{}'


class Cut(NamedTuple):
    """An outcome's JSON line without its row number and input: ``{"row":N`` + ``middle`` + input + ``tail``."""

    middle: str
    tail: str


def template(result: RowResult) -> str:
    """``result`` as JSON with row 0 and no input (a worker sends this back): set in place."""
    result.row = 0
    result.input = {}
    return result.model_dump_json()


def cut(text: str) -> Cut:
    """The :class:`Cut` of a :func:`template` line."""
    at = text.find(_INPUT)
    if not text.startswith(_HEAD) or at < 0:
        raise ValueError(f"not a row result template: {text[:80]!r}")
    return Cut(text[len(_HEAD):at] + ',"input":', text[at + len(_INPUT):])


def line(number: int, fields: dict[str, str], parts: Cut) -> str:
    """The result line of row ``number`` with input ``fields`` and outcome ``parts``."""
    return f'{{"row":{number}{parts.middle}{_FIELDS.dump_json(fields).decode()}{parts.tail}'


class Outcomes:
    """Outcome cuts by row key, the most recently used kept."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._by_key: OrderedDict[str, Cut] = OrderedDict()
        self._same: dict[Cut, Cut] = {}

    def get(self, key: str) -> Cut | None:
        found = self._by_key.get(key)
        if found is not None:
            self._by_key.move_to_end(key)
        return found

    def put(self, key: str, text: str) -> Cut:
        """Keep the outcome ``text`` (a :func:`template` line) of ``key``; answers its cut."""
        parts = cut(text)
        parts = self._same.setdefault(parts, parts)
        self._by_key[key] = parts
        if len(self._by_key) > self.size:
            self._by_key.popitem(last=False)
            if len(self._same) > self.size:
                self._same = {p: p for p in self._by_key.values()}
        return parts

    def __len__(self) -> int:
        return len(self._by_key)


__all__ = ["MEMO_SIZE", "Cut", "Outcomes", "cut", "line", "template"]
