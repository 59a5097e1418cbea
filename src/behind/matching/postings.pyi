"""Types of :mod:`behind.matching.postings`, the shortlist's pass over its postings written in C (``postings.c``).
Buffers are numpy arrays: ``uint32`` names and postings, ``float64`` weights and pre-scores, ``uint8`` bits,
``bool`` person flags."""

from typing import Any

def reaching(runs: list[Any], run_name_weights: list[tuple[Any, Any]] | None, weights: list[float], words: list[tuple[Any, Any, float]], least: float, slack: float,
             qtotal: float, name_weight: Any, person_flags: Any, left_out: float, floor: float,
             names: Any, dice: Any, /) -> int: ...
