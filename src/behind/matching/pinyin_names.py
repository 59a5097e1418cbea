"""Query names in pinyin read along the words of the listed Han-script names.

The index knows each listed Han-script name by its words (安徽 | 中科大讯飞 | 信息 | 科技 ->
anhui, zhongkedaxunfei, information, technology). A query in pinyin is read word by word by
:func:`~behind.text.chinese.pinyin_variants`, and also cut again along the pinyin of those words
(:func:`~behind.text.pinyin_cut.resegment`), so "Anhui Zhongke Daxun Fei Xinxi Keji" meets it
whatever boundaries its writer chose. Only organisations' names teach words: a person's name in
pinyin is read by :mod:`behind.text.romanize`, not here.
"""

from __future__ import annotations

from collections.abc import Iterable

from behind.model.entity import Entity
from behind.text import has_han, normalize_name, pinyin_variants
from behind.text.pinyin_cut import han_pinyin_words, is_pinyin, pinyin_legal_form, resegment

_NOT_ORGS = ("Person", "Vessel", "Airplane")


class PinyinReader:
    """The pinyin words of the listed organisations' Han-script names, and queries read with them."""

    def __init__(self, known: dict[str, tuple[str, ...]]) -> None:
        self.known = known
        is_pinyin("a")  # read the syllable table and compile its pattern now, not on a first query

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> PinyinReader:
        """The reader taught by the Han-script names of these (listed) organisations."""
        return cls(han_pinyin_words(n for e in entities if e.schema not in _NOT_ORGS
                                    for n in e.all_names() if has_han(n)))

    def variants(self, name: str, person: bool = False) -> list[tuple[str, ...]]:
        """Renderings of a Latin-script query read as pinyin: word by word, then cut again (not for
        a person's name); empty when it is not pinyin."""
        folded = normalize_name(name)
        out = list(pinyin_variants(folded))
        if not person:
            out.extend(v for v in resegment(folded, self.known) if v not in out)
        return out

    @staticmethod
    def has_legal_form(name: str) -> bool:
        """A pinyin legal form ends the name, even in syllables apart (``You Xian Gong Si``)."""
        return pinyin_legal_form(normalize_name(name))


__all__ = ["PinyinReader"]
