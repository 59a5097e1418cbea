"""One result model for every kind of screening: the JSON contract reports and the API build on.

A screening run is a :class:`RunMeta` (what was screened, as of when, against
which list versions, under which regimes) and one :class:`RowResult` per input
row. A row is ``alert`` when a hit is listed, exposed through the graph, or
backed by product evidence (a covered manufacturer's model number, brand or
relabel, a MAC address registered to one); otherwise ``clear``. Behind never
says "compliant": ``clear`` means no exposure was found in the loaded lists as
of the date.

Shapes (all plain JSON)::

    RunMeta   {"input", "kind", "as_of", "engine", "started_at", "finished_at",
               "rows", "alerts", "lists": [ListVersion], "regimes": [RegimeStatus],
               "columns": {field: header}, "behind_version"}
    RowResult {"row", "kind", "input": {field: value}, "status": "alert"|"clear",
               "summary", "hits": [Hit], "exposures": [Exposure], "evidence": [Evidence]}
    Hit       the matcher's hit (see ``behind match``): source, source_id, score, name,
              schema, programs, listed_on, source_url, explanation, list_version,
              plus "status": "listed"|"exposed"|"no exposure found"
    Exposure  regime, regime_name, applied, why, path [edges with sources], listing,
              aggregate_share, owners, plus "entity" (the hit it belongs to)
    Evidence  {"kind": "model_pattern"|"brand"|"relabel"|"mac_oui"|"vendor_string",
               "level": "pattern"|"brand relation"|"sourced relabel"|"registry",
               "detail", "entity", "source"}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("alert", "clear")


@dataclass(frozen=True)
class Evidence:
    kind: str
    level: str
    detail: str
    entity: str | None = None
    source: str | None = None


@dataclass
class RowResult:
    row: int
    kind: str
    input: dict[str, str]
    status: str = "clear"
    summary: str = "no exposure found"
    hits: list[dict[str, Any]] = field(default_factory=list)
    exposures: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RowResult:
        return cls(**{**d, "evidence": [Evidence(**e) for e in d.get("evidence", [])]})


@dataclass
class RunMeta:
    input: str
    kind: str
    as_of: str
    engine: str
    started_at: str
    finished_at: str | None = None
    rows: int = 0
    alerts: int = 0
    lists: list[dict[str, Any]] = field(default_factory=list)
    regimes: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    behind_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


__all__ = ["Evidence", "RowResult", "RunMeta", "STATUSES"]
