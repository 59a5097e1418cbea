"""Han characters to pinyin syllables, with pypinyin imported on first use.

Loading pypinyin's phrase dictionary takes about a quarter of a second, which a command that
never meets a Han character (most ``behind search`` runs) should not pay. The pinyin of the
dictionary words (``zh_words``, ``zh_regions``) is kept in ``resources/zh_pinyin.yaml``, written by
``python -m behind.text.pinyin`` from pypinyin (a test checks it is current), so reading those
dictionaries does not load pypinyin either.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache

from behind import resources


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's ``lazy_pinyin``: the syllables of ``text``, without tones."""
    from pypinyin import lazy_pinyin as convert

    return list(convert(text))


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    return {str(k): str(v) for k, v in (resources.load("zh_pinyin") or {}).items()}


def joined_pinyin(han: str) -> str:
    """The syllables of ``han`` written together (from the kept table when it has ``han``)."""
    found = _known().get(han)
    return found if found is not None else "".join(lazy_pinyin(han))


def dictionary_pinyin() -> dict[str, str]:
    """The joined pinyin of every dictionary word, computed with pypinyin (what the table keeps)."""
    words = [*resources.load("zh_words"), *resources.load("zh_regions")]
    return {str(w): "".join(lazy_pinyin(str(w))) for w in words if len(str(w)) >= 2}


def main() -> None:
    """Print ``resources/zh_pinyin.yaml``."""
    sys.stdout.write("# The pinyin (pypinyin lazy_pinyin, joined) of the zh_words and zh_regions entries.\n"
                     "# Written by `python -m behind.text.pinyin > src/behind/resources/zh_pinyin.yaml`.\n")
    for han, pinyin in dictionary_pinyin().items():
        sys.stdout.write(f"{json.dumps(han, ensure_ascii=False)}: {json.dumps(pinyin)}\n")


if __name__ == "__main__":
    main()


__all__ = ["dictionary_pinyin", "joined_pinyin", "lazy_pinyin"]
