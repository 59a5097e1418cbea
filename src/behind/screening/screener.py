"""Screen one input row of any kind into a :class:`~behind.model.results.RowResult`.

The same :class:`Screener` serves every engine (local, Spark): it holds the
match index, the relation graph and the regimes, and is a pure function of the
row and the date. Per kind:

- ``parties``: name, country and identifiers (USCC, LEI, DUNS, ISIN, tax ID);
- ``products``: model numbers of covered manufacturers (pattern evidence),
  brands (brand relation evidence), manufacturer and brand names through the
  matcher; the row's own date (a purchase order's) is the screening date when
  the run has none fixed;
- ``devices``: MAC addresses against the IEEE registry, vendor and banner strings;
- ``holdings``: ISIN, ticker, issuer name;
- ``suppliers``: each node of a supplier tree as a party (its supplier name, country, address
  and USCC); findings are carried up the tree afterwards by :mod:`behind.screening.suppliers`;
- ``collaborators``: the affiliation only. The person's name is carried into the
  report untouched and never screened: Behind does not profile people.

Every hit carries its status as of the date (``listed``, ``exposed``, ``no
exposure found``) from :func:`behind.graph.exposure.explain`; a row alerts when a hit
is listed or exposed, or when product evidence points at a manufacturer that is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from behind.config import DEFAULT_MAX_DEPTH
from behind.errors import UsageError
from behind.evidence.affiliate import affiliate_finding
from behind.evidence.capabilities import match_capabilities
from behind.evidence.devices import match_device, oui_vendor
from behind.evidence.products import match_brand, match_model
from behind.evidence.region import xinjiang_nexus
from behind.graph.exposure import explain
from behind.graph.graph import Graph
from behind.graph.regimes import Regime
from behind.matching.match import Index, Query, country_code
from behind.model.dates import parse_partial
from behind.model.explanation import EntityExplanation
from behind.model.results import Evidence, Exposure, Hit, RowResult
from behind.screening.inputs.tables import InputRow
from behind.text import normalize_name, region_words

KINDS = ("parties", "products", "devices", "holdings", "collaborators", "suppliers")
ROW_CACHE_SIZE = 100_000
#: the fields each kind's outcome depends on (others, such as ids and weights, are carried only)
_SCREENED = {
    "parties": frozenset({"name", "country", "address", "uscc", "lei", "duns", "isin", "tax_id", "date"}),
    "products": frozenset({"model", "brand", "manufacturer", "description", "date"}),
    "devices": frozenset({"mac", "vendor", "banner", "date"}),
    "holdings": frozenset({"isin", "ticker", "issuer", "date"}),
    "collaborators": frozenset({"affiliation", "date"}),
    "suppliers": frozenset({"supplier", "country", "address", "uscc"}),
}
MAX_HITS = 5
_ID_FIELDS = ("uscc", "lei", "duns", "isin", "tax_id", "ticker")


@dataclass
class Screener:
    index: Index
    graph: Graph
    regimes: dict[str, Regime]
    as_of: date
    fixed_date: bool = False  # True when the user gave --as-of: rows' own dates are then ignored
    max_depth: int = DEFAULT_MAX_DEPTH
    _status_cache: dict[tuple[str, date], EntityExplanation] = field(default_factory=dict)
    _row_cache: dict[str, RowResult] = field(default_factory=dict)

    # ------------------------------------------------------------------ helpers
    def warm(self) -> None:
        """Load now what the first rows would load (country names, the gazetteer, the distinctive words): before forking
        workers, so that they share it instead of each loading it."""
        country_code("CN")
        xinjiang_nexus(country_name("CN"), None)
        self.index.warm()

    def row_date(self, row: InputRow) -> date:
        if self.fixed_date or not row.fields.get("date"):
            return self.as_of
        return parse_partial(row.fields["date"][:10]) or self.as_of

    def status_of(self, key: str, day: date) -> EntityExplanation:
        """The entity's listings and exposures on ``day``, computed once per entity group and day, and
        answered for ``key`` whichever record of its group was asked first (so that a row's result never
        depends on the rows screened before it)."""
        group = self.graph.group_of.get(key, key)
        cache_key = (group, day)
        found = self._status_cache.get(cache_key)
        if found is None:
            found = self._status_cache[cache_key] = explain(self.graph, key, day, regimes=self.regimes,
                                                            max_depth=self.max_depth)
        return found if found.entity == key else found.model_copy(update={"entity": key})

    def _search(self, query: Query) -> list[Hit]:
        return [m.to_hit() for m in self.index.search(query, limit=MAX_HITS)]

    def _named(self, exposure: Exposure, entity: str) -> Exposure:
        keys = {entity} | {k for e in exposure.path for k in (e.subject, e.object)}
        return exposure.model_copy(update={
            "entity": entity, "names": {k: self.graph.entities[k].name for k in keys if k in self.graph.entities}})

    def _finish(self, result: RowResult, found: list[Hit], day: date,
                evidence_keys: list[tuple[Evidence, str]] | None = None) -> RowResult:
        seen: set[str] = set()
        reasons: list[str] = []
        hits: list[Hit] = []
        first: dict[str, str] = {}  # group -> its record met first in this row, which speaks for the group

        def status_of(key: str) -> EntityExplanation:
            return self.status_of(first.setdefault(self.graph.group_of.get(key, key), key), day)
        for hit in found:
            key = hit.key
            st = status_of(key)
            hits.append(hit.model_copy(update={"status": st.status}))
            if hit.explanation.affiliate is not None:  # a name affiliate, not the listed party itself
                aff = affiliate_finding(hit, st, self.regimes, day) if st.entity not in seen else None
                if aff is not None:
                    result.evidence.append(aff[0])
                    reasons.append(aff[1])
                seen.update((key, st.entity))
                continue
            if st.status == "listed" and key not in seen:
                lists = sorted({x.list for x in st.listings})
                reasons.append(f"{hit.name} ({key}) is listed: {', '.join(lists)}")
            for x in st.exposures:
                if x.applied and st.entity not in seen:
                    result.exposures.append(self._named(x, st.entity))
            if st.status == "exposed" and key not in seen:
                regimes = sorted({x.regime_name for x in st.exposures if x.applied})
                reasons.append(f"{hit.name} ({key}) is exposed: {'; '.join(regimes)}")
            seen.add(key)
            seen.add(st.entity)
        for ev, key in evidence_keys or []:
            result.evidence.append(ev)
            st = status_of(key)
            if st.status in ("listed", "exposed"):
                reasons.append(f"{ev.detail} → {self.graph.entities[key].name} is {st.status}")
                for x in st.exposures:
                    if x.applied and st.entity not in seen:
                        result.exposures.append(self._named(x, st.entity))
                seen.add(st.entity)
        for x in result.exposures:
            for edge in x.path:
                if edge.relation == "oem_relabel_of" and edge.sources:
                    dates = f" ({edge.start or '?'} to {edge.end or 'now'})" if edge.start or edge.end else ""
                    ev = Evidence(kind="relabel", level="sourced relabel",
                                  detail=f"{x.names.get(edge.subject, edge.subject)} sold products relabelled from "
                                         f"{x.names.get(edge.object, edge.object)}{dates}",
                                  entity=edge.object, source=edge.sources[0].url)
                    if ev not in result.evidence:
                        result.evidence.append(ev)
        result.hits = hits
        if reasons:
            result.status = "alert"
            result.summary = "; ".join(dict.fromkeys(reasons))
        elif hits:
            result.summary = f"related record found ({hits[0].name}), no exposure as of {day}"
        else:
            result.summary = f"no exposure found as of {day}"
        return result

    # ------------------------------------------------------------------ kinds
    def screen(self, kind: str, row: InputRow) -> RowResult:
        """Screen one row. Rows that repeat (the same supplier on many orders) are screened once:
        only fields that change the outcome form the key (:func:`outcome_key`), so the row's own id
        or tag does not."""
        key = outcome_key(kind, row.fields)
        cached = self._row_cache.get(key)
        if cached is None:
            cached = self.outcome(kind, row)
            if len(self._row_cache) >= ROW_CACHE_SIZE:
                self._row_cache.clear()
            self._row_cache[key] = cached
        return cached.model_copy(update={"row": row.number, "input": dict(row.fields)})

    def outcome(self, kind: str, row: InputRow) -> RowResult:
        """Screen one row, every time (no cache): what :meth:`screen` keeps per :func:`outcome_key`."""
        check_kind(kind)
        result: RowResult = getattr(self, f"_{kind}")(row)
        return result

    def _parties(self, row: InputRow, kind: str = "parties", name: str = "name") -> RowResult:
        f = row.fields
        day = self.row_date(row)
        idents = {k: f[k] for k in _ID_FIELDS if f.get(k)}
        hits = self._search(Query(name=f.get(name, ""), identifiers=idents, country=f.get("country") or None))
        result = self._finish(RowResult(row=row.number, kind=kind, input=dict(f)), hits, day)
        return self._region(result, row, day)

    def _suppliers(self, row: InputRow) -> RowResult:
        """A node of a supplier tree, screened as a party (lists, exposure paths, Xinjiang nexus); what it
        carries up the tree is added after every node is screened (:mod:`behind.screening.suppliers`)."""
        return self._parties(row, kind="suppliers", name="supplier")

    def _region(self, result: RowResult, row: InputRow, day: date) -> RowResult:
        """The Xinjiang nexus of a party (its USCC's registration division, its address): evidence
        that alerts under the UFLPA presumption while that regime applies."""
        f = row.fields
        address = ", ".join(p for p in (f.get("address"), country_name(f.get("country"))) if p)
        found = xinjiang_nexus(address or None, f.get("uscc") or None, row=row.number)
        if not found:
            return result
        result.evidence.extend(found)
        regime = self.regimes.get("uflpa")
        applied, why = regime.status(day) if regime is not None else (False, "not configured")
        detail = "; ".join(ev.detail for ev in found)
        if applied:
            name = regime.name if regime is not None else "UFLPA"
            reason = f"Xinjiang nexus: {detail} → {name}"
            result.status = "alert"
            result.summary = reason if result.summary.startswith(("no exposure", "related record")) else (
                f"{result.summary}; {reason}")
        else:
            result.summary += f"; Xinjiang nexus ({detail}), UFLPA presumption not applied: {why}"
        return result

    def _holdings(self, row: InputRow) -> RowResult:
        f = row.fields
        day = self.row_date(row)
        idents = {k: f[k] for k in ("isin", "ticker") if f.get(k)}
        hits = self._search(Query(name=issuer_name(f.get("issuer", "")), identifiers=idents))
        return self._finish(RowResult(row=row.number, kind="holdings", input=dict(f)), hits, day)

    def _products(self, row: InputRow) -> RowResult:
        f = row.fields
        day = self.row_date(row)
        evidence: list[tuple[Evidence, str]] = []
        text = " ".join(v for k, v in f.items() if k in ("model", "description"))
        for m in match_model(text):
            evidence.append((m.evidence, m.manufacturer))
        for field_name in ("brand", "manufacturer", "description"):
            for ev in match_brand(f.get(field_name, "")):
                if ev.entity:
                    evidence.append((ev, ev.entity))
        # --- capability flags (issue 13 item 3): sourced Uyghur-detection product lines ---
        caps = match_capabilities(" ".join(f.get(k, "") for k in ("model", "description", "brand", "manufacturer")))
        evidence.extend((ev, ev.entity) for ev in caps if ev.entity)
        # --- end capability flags ---
        hits: list[Hit] = []
        for field_name in ("manufacturer", "brand"):
            if f.get(field_name):
                hits.extend(h for h in self._search(Query(name=f[field_name], schema="Organization"))
                            if all(h.key != x.key for x in hits))
        result = self._finish(RowResult(row=row.number, kind="products", input=dict(f)), hits, day, _unique(evidence))
        result.evidence.extend(ev for ev in caps if not ev.entity)  # capability flag, no curated maker
        return result

    def _devices(self, row: InputRow) -> RowResult:
        f = row.fields
        day = self.row_date(row)
        evidence = [(ev, ev.entity) for ev in match_device(f.get("mac"), f.get("vendor"), f.get("banner"))
                    if ev.entity]
        hits: list[Hit] = []
        names = [f.get("vendor", "")]
        if f.get("mac") and not evidence:
            found = oui_vendor(f["mac"])
            if found:
                names.append(found[1])
        for name in names:
            if name:
                hits.extend(self._search(Query(name=name, schema="Organization")))
        return self._finish(RowResult(row=row.number, kind="devices", input=dict(f)), hits, day, _unique(evidence))

    def _collaborators(self, row: InputRow) -> RowResult:
        f = row.fields
        day = self.row_date(row)
        hits: list[Hit] = []
        for part in affiliation_parts(f.get("affiliation", "")):
            for h in self._search(Query(name=part, schema="Organization")):
                if all(h.key != x.key for x in hits):
                    hits.append(h)
        return self._finish(RowResult(row=row.number, kind="collaborators", input=dict(f)), hits, day)


def check_kind(kind: str) -> None:
    """A kind Behind screens, or :class:`UsageError` naming ``--kind``."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", option="--kind")


def outcome_key(kind: str, fields: dict[str, str]) -> str:
    """What a row's outcome depends on: its kind and the fields that kind screens (:data:`_SCREENED`),
    as one string; rows with the same key have the same result but for their number and input. Each value
    is written after its length, so no value can pass for another field (the key is unambiguous)."""
    check_kind(kind)
    screened = _SCREENED[kind]
    return "\x1e".join([kind, *(f"{k}\x1f{len(v)}\x1f{v}" for k, v in sorted(fields.items()) if k in screened)])


@lru_cache(maxsize=1024)
def country_name(value: str | None) -> str | None:
    """A country code or name as a name an address reader knows (``TR`` -> ``Turkey``)."""
    if not value:
        return None
    from followthemoney.types import registry  # loaded on first use: it takes about a second

    code = registry.country.clean(value)
    return registry.country.names.get(code, value) if code else value


def _unique(evidence: list[tuple[Evidence, str]]) -> list[tuple[Evidence, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for ev, key in evidence:
        if (ev.detail, key) not in seen:
            seen.add((ev.detail, key))
            out.append((ev, key))
    return out


_SECURITY_WORDS = re.compile(
    r"\b(class [a-z]|series [a-z0-9]+|ordinary shares?|common stock|common shares?|preferred( stock| shares?)?|"
    r"american depositary (shares?|receipts?)|depositary (shares?|receipts?)|adrs?|adss?|gdrs?|units?|warrants?|"
    r"[ahn][ -]shares?)\b|\s+[abh]$", re.IGNORECASE)


def issuer_name(security: str) -> str:
    """The issuer in a security's name: "SenseTime Group Inc Class B" -> "SenseTime Group Inc"."""
    return re.sub(r"\s{2,}", " ", _SECURITY_WORDS.sub(" ", security)).strip(" ,-")


_UNIT_SUFFIX = re.compile(r"(\s+(research|ai|artificial intelligence|r&d|research and development|lab|labs|"
                          r"laboratory|laboratories|institute|research institute|research center|"
                          r"research centre))+\s*$", re.IGNORECASE)


@lru_cache(maxsize=50_000)
def affiliation_parts(text: str) -> tuple[str, ...]:
    """An affiliation string split into the organisation names it may contain.

    "Dept. of Computer Science, Tsinghua University, Beijing, China; SenseTime Group Ltd"
    -> each institution, and the whole string. Segments of one word (a city, a country)
    are dropped.
    """
    parts: list[str] = []
    for institution in re.split(r"[;|\n]", text):
        institution = " ".join(institution.split())  # runs of spaces would make the suffix pattern backtrack
        if not institution:
            continue
        parts.append(institution)
        segments = [s.strip() for s in institution.split(",")]
        if len(segments) > 1:
            parts.extend(s for s in segments if len(s.split()) >= 2)
    # a company's research arm is the company: "SenseTime Research", "Megvii Research Institute"
    for part in list(parts):
        trimmed = _UNIT_SUFFIX.sub("", part).strip(" ,-")
        if trimmed != part and trimmed and normalize_name(trimmed) not in region_words():
            parts.append(trimmed)
    return tuple(dict.fromkeys(parts))


__all__ = ["KINDS", "Screener", "affiliation_parts", "issuer_name", "outcome_key"]
