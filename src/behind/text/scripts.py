"""Which script a text is written in: the one Han-script test every module uses.

Han characters are the CJK Unified Ideographs (U+4E00-U+9FFF), their Extension A
(U+3400-U+4DBF) and the CJK Compatibility Ideographs (U+F900-U+FAFF).
"""

from __future__ import annotations

import re

#: the Han character ranges, as a regular-expression character class body
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: one Han character
HAN = re.compile(f"[{HAN_RANGES}]")
#: a run of Han characters
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one Han character (``海康威视``, ``EZVIZ 萤石``)."""
    return HAN.search(text) is not None


__all__ = ["HAN", "HAN_RANGES", "HAN_RUN", "has_han"]
