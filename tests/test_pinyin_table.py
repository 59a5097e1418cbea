"""The pinyin kept for the Chinese dictionaries is pypinyin's, and a Latin-script search never
loads pypinyin (its phrase dictionary costs a quarter of a second at every start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from behind import resources
from behind.text.pinyin import dictionary_pinyin


def test_the_kept_pinyin_table_is_current() -> None:
    # when zh_words or zh_regions change: python -m behind.text.pinyin > src/behind/resources/zh_pinyin.yaml
    assert resources.load("zh_pinyin") == dictionary_pinyin()


def test_a_latin_search_does_not_load_pypinyin(loaded_dir: Path, index: object) -> None:
    # ``index`` has written the index files of loaded_dir (building them reads Han names)
    code = ("import sys; from typer.testing import CliRunner; from behind.cli.app import app\n"
            "r = CliRunner().invoke(app, ['search', 'Zhejiang Dahua Technology', '--data-dir', sys.argv[1]])\n"
            "assert r.exit_code == 0 and 'Dahua' in r.output, r.output\n"
            "print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(loaded_dir)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    han = subprocess.run([sys.executable, "-c", code.replace("Zhejiang Dahua Technology", "浙江大华技术")
                          .replace("'Dahua' in r.output", "'Dahua' in r.output.title()"), str(loaded_dir)],
                         capture_output=True, text=True, timeout=600)
    assert han.returncode == 0, han.stderr
    assert han.stdout.strip() == "True"


def test_the_kept_syllable_table_is_current() -> None:
    # when pypinyin changes: python -m behind.text.pinyin_cut > src/behind/resources/pinyin_syllables.txt
    from behind.text.pinyin_cut import syllables, table_syllables

    assert syllables() == table_syllables()
    assert {"xun", "fei", "zhuang", "er", "lve"} <= syllables() and "apple" not in syllables()
