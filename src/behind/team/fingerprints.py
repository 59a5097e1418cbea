"""What makes an alert the same alert next time: pure functions over a screening report.

Every alerting row gives one :class:`Alert` per hit, per applied exposure and per piece of
product evidence. Its fingerprint is the SHA-256 of

- the row's identity: its fields, case-folded and with spaces collapsed, without the
  fields that change from one export to the next (weights, dates, IP addresses) and
  never its row number, so a sorted or extended file gives the same fingerprints;
- the listed record's key (``us_ofac_sdn:12345``);
- the evidence: the names or identifier that matched, the regime and the path of
  relations, or the product evidence found.

Separately, the record's *snapshot* (its names, identifiers, programs and listings, as the
screening saw them) has a digest: a decision holds while the digest is the same, and
:func:`what_changed` says in words how two snapshots differ when it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from behind.model import Entity, Evidence, Exposure, Hit, Report, RowResult
from behind.team.stamps import canonical_json, sha256_hex

#: input fields left out of a row's identity: they change between exports of the same row
VOLATILE_FIELDS = frozenset({"weight", "date", "ip", "tier", "row", "line"})

#: looks up a listed record by (source, source_id); the store's ``entity`` method fits
RecordLookup = Callable[[str, str], "Entity | None"]


@dataclass(frozen=True)
class Alert:
    """One alert of a row: what was screened, against which record, on what evidence."""

    fingerprint: str
    row: int
    kind: str
    row_identity: str
    record_key: str
    record_name: str
    evidence: dict[str, Any]
    snapshot: dict[str, Any]
    summary: str

    @property
    def record_digest(self) -> str:
        return sha256_hex(canonical_json(self.snapshot))


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def row_identity(row: RowResult) -> str:
    """The row's identifying fields as canonical JSON: ``{"country":"cn","name":"hikvision"}``."""
    fields = {k: _fold(v) for k, v in row.input.items() if k not in VOLATILE_FIELDS and v and _fold(v)}
    return canonical_json(dict(sorted(fields.items())))


def fingerprint(identity: str, record_key: str, evidence: dict[str, Any]) -> str:
    return sha256_hex(canonical_json({"row": identity, "record": record_key, "evidence": evidence}))


def entity_snapshot(entity: Entity) -> dict[str, Any]:
    """The parts of a listed record a reviewer's decision rests on."""
    return {
        "name": entity.name,
        "schema": entity.schema,
        "aliases": sorted({a.name for a in entity.aliases}),
        "identifiers": sorted({f"{i.scheme}:{i.value}" for i in entity.identifiers}),
        "countries": sorted(set(entity.countries)),
        "programs": sorted(set(entity.programs)),
        "listed_on": entity.listed_on,
    }


def _hit_snapshot(hit: Hit, records: RecordLookup | None) -> dict[str, Any]:
    entity = records(hit.source, hit.source_id) if records else None
    if entity is not None:
        return entity_snapshot(entity)
    return {"name": hit.name, "schema": hit.schema_, "programs": sorted(set(hit.programs)),
            "listed_on": hit.listed_on}


def _hit_evidence(hit: Hit) -> dict[str, Any]:
    ex = hit.explanation
    out: dict[str, Any] = {"type": "hit"}
    if ex.name is not None:
        out["query_name"] = _fold(ex.name.query or "")
        out["listed_name"] = _fold(ex.name.listed or "")
    if ex.identifier is not None:
        out["identifier"] = f"{ex.identifier.scheme}:{_fold(ex.identifier.value)}"
    if ex.linked is not None:
        out["linked"] = f"{ex.linked.source}:{ex.linked.source_id}"
    return out


def _split_key(key: str) -> tuple[str, str]:
    source, _, source_id = key.partition(":")
    return source, source_id


def _exposure_alert(exp: Exposure, records: RecordLookup | None) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    key = exp.listing.record if exp.listing is not None else (exp.entity or exp.regime)
    evidence = {"type": "exposure", "regime": exp.regime,
                "path": [[e.subject, e.relation, e.object] for e in exp.path],
                "owners": sorted(o.owner for o in exp.owners)}
    entity = records(*_split_key(key)) if records and ":" in key else None
    snapshot: dict[str, Any] = entity_snapshot(entity) if entity is not None else {}
    if exp.listing is not None:
        snapshot["listing"] = {"list": exp.listing.list, "program": exp.listing.program,
                               "date": exp.listing.date, "end": exp.listing.end}
    snapshot["path"] = [{"edge": f"{e.subject} {e.relation} {e.object}", "share": e.share, "start": e.start,
                         "end": e.end} for e in exp.path]
    if exp.aggregate_share is not None:
        snapshot["aggregate_share"] = exp.aggregate_share
    name = exp.names.get(key) or (exp.listing.list if exp.listing else exp.regime_name)
    return key, name, evidence, snapshot


def _evidence_alert(ev: Evidence) -> tuple[str, dict[str, Any], dict[str, Any]]:
    key = ev.entity or f"evidence:{ev.kind}"
    return key, {"type": "evidence", "kind": ev.kind, "detail": ev.detail}, {"level": ev.level, "source": ev.source}


def alerts_of(report: Report, records: RecordLookup | None = None) -> list[Alert]:
    """Every alert of every alerting row, once per fingerprint, in row order."""
    out: dict[str, Alert] = {}
    for row in report.rows:
        if row.status != "alert":
            continue
        identity = row_identity(row)
        items: list[tuple[str, str, dict[str, Any], dict[str, Any], str]] = []
        for hit in row.hits:
            if hit.status == "no exposure found":
                continue
            items.append((hit.key, hit.name, _hit_evidence(hit), _hit_snapshot(hit, records),
                          f"{hit.status or 'match'}: {hit.name} ({hit.key}), score {hit.score:.2f}"))
        for exp in row.exposures:
            if exp.applied:
                key, name, evidence, snapshot = _exposure_alert(exp, records)
                items.append((key, name, evidence, snapshot, f"exposed: {exp.target()}"))
        for ev in row.evidence:
            key, evidence, snapshot = _evidence_alert(ev)
            items.append((key, key, evidence, snapshot, f"{ev.kind}: {ev.detail}"))
        for key, name, evidence, snapshot, summary in items:
            fp = fingerprint(identity, key, evidence)
            out.setdefault(fp, Alert(fp, row.row, row.kind, identity, key, name, evidence, snapshot, summary))
    return list(out.values())


def _show(value: Any) -> str:
    return "none" if value in (None, "", [], {}) else str(value)


def what_changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    """How a record changed, in words: ``programs added: SDGT; name: 'A' -> 'B'``."""
    parts: list[str] = []
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, str) for x in old + new):
            added = [x for x in new if x not in old]
            removed = [x for x in old if x not in new]
            if added:
                parts.append(f"{field} added: {', '.join(added)}")
            if removed:
                parts.append(f"{field} removed: {', '.join(removed)}")
        else:
            parts.append(f"{field}: {_show(old)} -> {_show(new)}")
    return "; ".join(parts) or "no visible change"


__all__ = ["VOLATILE_FIELDS", "Alert", "RecordLookup", "alerts_of", "entity_snapshot", "fingerprint",
           "row_identity", "what_changed"]
