"""Exposure regimes as data: which rule extends a listing to which related party, since when.

Each regime lives in ``resources/regimes.yaml`` with its legal source: the OFAC 50
percent rule and the BIS Affiliates Rule (ownership aggregates with a threshold),
NDAA section 889 and the FCC Covered List ("any subsidiary or affiliate"), NDAA FY2024
section 805 (DoD contracts with 1260H companies "or any entity subject to the control" of
one, from 30 June 2026), brand and relabel, and successor names. A regime can be switched off in ``config.toml``; a
report then says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from behind import resources
from behind.model.dates import in_force
from behind.model.results import RegimeStatus


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    kind: str
    lists: tuple[str, ...] | str
    relations: tuple[str, ...]
    threshold: float | None
    effective: str | None
    suspended: tuple[tuple[str, str], ...]
    source: str
    url: str
    enabled: bool = True
    #: said of a path whose relations carry no share: the rule asks for control, the data does not measure it
    unmeasured: str | None = None

    def covers(self, list_key: str) -> bool:
        return self.lists == "*" or list_key in self.lists

    def status(self, as_of: date) -> tuple[bool, str]:
        """(applied, why) on ``as_of``."""
        if not self.enabled:
            return False, "switched off in the configuration"
        if self.effective and not in_force(self.effective, None, as_of):
            return False, f"not yet in effect on {as_of} (effective {self.effective})"
        for start, end in self.suspended:
            if in_force(start, None, as_of) and as_of <= date.fromisoformat(end):
                return False, f"suspended from {start} to {end}"
        return True, "in effect" + (f" since {self.effective}" if self.effective else "")

    def describe(self, as_of: date) -> RegimeStatus:
        """The regime as reports state it: whether it was applied on ``as_of``, why, and its source."""
        applied, why = self.status(as_of)
        return RegimeStatus(id=self.id, name=self.name, applied=applied, why=why, source=self.source, url=self.url)


def load_regimes(overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, Regime]:
    """Every regime of ``regimes.yaml``, with the configuration's switches (``{id: {"enabled": false}}``)."""
    out = {}
    for rid, r in resources.load("regimes").items():
        conf = (overrides or {}).get(rid, {})
        out[rid] = Regime(
            id=rid, name=r["name"], kind=r["kind"],
            lists=r["lists"] if r["lists"] == "*" else tuple(r["lists"]),
            relations=tuple(r.get("relations", ())), threshold=r.get("threshold"),
            effective=r.get("effective"), suspended=tuple(tuple(s) for s in r.get("suspended", ())),
            source=r["source"], url=r["url"], enabled=bool(conf.get("enabled", True)),
            unmeasured=r.get("unmeasured"))
    return out


__all__ = ["Regime", "load_regimes"]
