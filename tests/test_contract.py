"""The README's JSON contract is generated from the typed models; this keeps the two in step."""

from __future__ import annotations

import re
from pathlib import Path

from behind.model.contract import END, MODELS, START, contract, type_name
from behind.model.results import Hit, RowResult

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_contract_is_the_generated_one() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert found, "README.md has no JSON contract section"
    assert found.group(1) == contract(), "README contract is stale: run python -m behind.model.contract README.md"


def test_contract_names_every_field_by_its_json_name() -> None:
    text = contract()
    for model in MODELS:
        assert f"**{model.__name__}**" in text
        for name, field in model.model_fields.items():
            assert f"| `{field.alias or name}` |" in text, (model.__name__, name)
    assert "| `schema` | str |" in text and "schema_" not in text  # the JSON key, not the Python name


def test_type_names() -> None:
    assert type_name(RowResult.model_fields["hits"].annotation) == "[Hit]"
    assert type_name(RowResult.model_fields["status"].annotation) == '"alert" or "clear"'
    assert type_name(Hit.model_fields["listed_on"].annotation) == "str or null"
    assert type_name(RowResult.model_fields["input"].annotation) == "{str: str}"
