"""The shipped reference files read the same whichever YAML parser reads them.

:func:`behind.resources.load` uses libyaml's parser when PyYAML has it (start-up time of every
command); a resource file written with a construct the two parsers read differently would
change what the matcher and the evidence checks know, so each file is read both ways here.
"""

from __future__ import annotations

from importlib import resources as files

import pytest
import yaml

from behind import resources

NAMES = sorted(p.name.removesuffix(".yaml") for p in (files.files("behind") / "resources").iterdir()
               if p.name.endswith(".yaml"))


def test_every_resource_file_is_found() -> None:
    assert {"legal_forms", "model_patterns", "zh_pinyin"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_resource_reads_as_the_pure_python_parser_reads_it(name: str) -> None:
    text = (files.files("behind") / "resources" / f"{name}.yaml").read_text(encoding="utf-8")
    assert resources.load(name) == yaml.load(text, Loader=yaml.SafeLoader)
