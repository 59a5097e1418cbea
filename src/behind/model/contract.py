"""The README's JSON contract, generated from the typed models so the two cannot drift.

``python -m behind.model.contract README.md`` rewrites the part of the README between
:data:`START` and :data:`END`; a test checks that it is up to date.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from behind.model.explanation import Confirmation, EntityExplanation, HistoryItem, OwnershipStep
from behind.model.listing import Listing
from behind.model.matching import MatchingConfig
from behind.model.results import (
    Edge,
    Evidence,
    Exposure,
    Hit,
    IdentifierMatch,
    LinkReason,
    ListInfo,
    ListVersion,
    MatchExplanation,
    NameMatch,
    Owner,
    RegimeStatus,
    Report,
    RowResult,
    RunMeta,
    SourceRef,
)

START = "<!-- json-contract:start (generated from behind.model; python -m behind.model.contract README.md) -->"
END = "<!-- json-contract:end -->"
#: the models of the contract, in the order a reader meets them
MODELS: tuple[type[BaseModel], ...] = (
    Report, RunMeta, RowResult, Hit, MatchExplanation, NameMatch, IdentifierMatch, LinkReason, ListVersion,
    Exposure, Edge, SourceRef, Owner, Listing, Evidence, RegimeStatus, ListInfo, MatchingConfig,
    EntityExplanation, OwnershipStep, HistoryItem, Confirmation)


def type_name(annotation: Any) -> str:
    """A field's type as the contract writes it: ``str``, ``float or null``, ``[Hit]``, ``{str: str}``."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if annotation is type(None):
        return "null"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(a) for a in args)
    if origin is Literal:
        return " or ".join(f'"{a}"' for a in args)
    if origin is list:
        return f"[{type_name(args[0])}]"
    if origin is tuple:
        return "[" + ", ".join(type_name(a) for a in args) + "]"
    if origin is dict:
        return f"{{{type_name(args[0])}: {type_name(args[1])}}}"
    if isinstance(annotation, type):
        return {"str": "str", "int": "int", "float": "float", "bool": "bool", "date": "date (YYYY-MM-DD)"}.get(
            annotation.__name__, annotation.__name__)
    return str(annotation)


def contract() -> str:
    """The contract as Markdown: one table per model, a row per field (JSON name, type, meaning)."""
    out = ["The JSON report is `Report`; `behind explain --json` prints `EntityExplanation`; "
           "`behind search --json` and `behind match` print `Hit`s. Every field is always present "
           "(`null` where unknown).", ""]
    for model in MODELS:
        doc = (model.__doc__ or "").strip().splitlines()[0]
        out += [f"**{model.__name__}**: {doc}", "", "| field | type | meaning |", "| --- | --- | --- |"]
        for name, field in model.model_fields.items():
            key = field.alias or name
            scalar = isinstance(field.default, (str, int, float, bool)) and field.default != ""
            default = f" (default `{field.default}`)" if not field.is_required() and scalar else ""
            out.append(f"| `{key}` | {type_name(field.annotation)} | {(field.description or '').replace('|', '/')}"
                       f"{default} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update_readme(path: Path) -> bool:
    """Rewrite the contract section of ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: no contract section ({START} ... {END})")
    new = pattern.sub(lambda _m: f"{START}\n{contract()}{END}", text)
    path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover
    print("updated" if update_readme(Path(sys.argv[1])) else "unchanged")

__all__ = ["END", "MODELS", "START", "contract", "update_readme"]
