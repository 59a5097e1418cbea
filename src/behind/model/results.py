"""One typed result model for every kind of screening: the JSON contract reports and the API serve.

A screening run is a :class:`RunMeta` (what was screened, as of when, against which
list versions, under which regimes, with which matching method) and one
:class:`RowResult` per input row. A row is ``alert`` when a hit is listed, exposed
through the graph, or backed by product evidence (a covered manufacturer's model
number, brand or relabel, a MAC address registered to one); otherwise ``clear``.
Behind never says "compliant": ``clear`` means no exposure was found in the loaded
lists as of the date.

The JSON report is exactly ``Report(meta=..., rows=[...]).model_dump(mode="json")``,
and the README's contract is generated from these classes (see :mod:`behind.model.contract`).
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from behind.model.dates import in_force
from behind.model.listing import Listing
from behind.model.matching import MatchingConfig

HitStatus = Literal["listed", "exposed", "no exposure found"]
RowStatus = Literal["alert", "clear"]
EvidenceKind = Literal["model_pattern", "brand", "relabel", "mac_oui", "vendor_string", "banner", "name_affiliate"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class SourceRef(BaseModel):
    """A source of a relation: where it can be read, and the words that state it."""

    model_config = ConfigDict(frozen=True, extra="allow")

    url: str | None = Field(None, description="the primary source (filing, annual report, register, notice)")
    title: str | None = Field(None, description="what the source is")
    quote: str | None = Field(None, description="the words that state the fact")


class ListVersion(_Model):
    """The version of a list a hit was found in."""

    source: str = Field(description="list name in the store, e.g. us_ofac_sdn")
    version_id: int = Field(description="the store's version number of that list")
    sha256: str = Field(description="sha256 over the version's files")
    fetched_at: str = Field(description="when the files were fetched (UTC, ISO 8601)")
    published: str | None = Field(None, description="the publisher's own date of the file, where it has one")


class NameMatch(_Model):
    """Which query name met which listed name, and how strongly."""

    query: str | None = Field(None, description="the query's name (or alias) that matched")
    listed: str | None = Field(None, description="the listed name or alias it matched")
    score: float = Field(description="name score, 0 to 1")
    pairs: list[tuple[str, str, float]] = Field(
        default_factory=list, description="paired words: [query word, listed word(s), similarity]")
    unmatched_query: list[str] = Field(default_factory=list, description="query words left unpaired")
    unmatched_listed: list[str] = Field(default_factory=list, description="listed words left unpaired")


class IdentifierMatch(_Model):
    """An identifier the query and the record share."""

    scheme: str = Field(description="isin, uscc, lei, ticker, imo, passport, ...")
    value: str = Field(description="the value as the query gave it")


class LinkReason(_Model):
    """Why a hit is reported because another record matched (the same entity on another list)."""

    source: str
    source_id: str
    reason: str = Field(description="what ties the records: a shared identifier, name and list, birth year")


class AffiliateMatch(_Model):
    """A query name that carries a listed organisation's distinctive name, with only places, generic
    words and legal forms around it: a possible subsidiary or affiliate, not the organisation itself."""

    listed: str = Field(description="the listed name whose distinctive words the query carries")
    shared: list[str] = Field(description="the distinctive words both names carry")
    words: list[tuple[str, str]] = Field(
        default_factory=list,
        description="each query word with its class: distinctive, place, generic, partner (another company's "
                    "name, as in a joint venture's) or legal form")

    def describe(self) -> str:
        """``possible subsidiary or affiliate (shares "hikvision"; usa: place; incorporated: legal form)``"""
        rest = "; ".join(f"{w}: {c}" for w, c in self.words if c != "distinctive")
        shared = ", ".join(f'"{w}"' for w in self.shared)
        return f"possible subsidiary or affiliate (shares {shared}{'; ' + rest if rest else ''})"


class MatchExplanation(_Model):
    """What a hit matched on."""

    name: NameMatch | None = None
    affiliate: AffiliateMatch | None = Field(
        None, description="set when the hit rests on affiliate evidence (name_affiliate), not on the name itself")
    identifier: IdentifierMatch | None = None
    features: dict[str, float] = Field(
        default_factory=dict, description="feature scores: name, identifier, country, birth_date, short_evidence")
    linked: LinkReason | None = None


class Hit(_Model):
    """A listed record a query matched, with its explanation and list version."""

    source: str = Field(description="list the record is on")
    source_id: str = Field(description="the list's own id of the record")
    score: float = Field(description="0 to 1; identifiers count 1")
    name: str = Field(description="the record's primary name")
    schema_: str = Field(alias="schema", description="FollowTheMoney schema: Person, Company, Organization, ...")
    programs: list[str] = Field(default_factory=list, description="the list's programs for the record")
    listed_on: str | None = None
    source_url: str | None = None
    explanation: MatchExplanation = Field(default_factory=MatchExplanation)
    list_version: ListVersion | None = None
    status: HitStatus | None = Field(None, description="set by screening: listed, exposed or no exposure found")

    @property
    def key(self) -> str:
        return f"{self.source}:{self.source_id}"

    def matched_on(self) -> str:
        """What the hit matched on: the listed name, an identifier, or the record it is linked to."""
        ex = self.explanation
        if ex.name is not None:
            return ex.name.listed or ""
        if ex.identifier is not None:
            return f"{ex.identifier.scheme} {ex.identifier.value}"
        if ex.linked is not None:
            return f"linked to {ex.linked.source}:{ex.linked.source_id} ({ex.linked.reason})"
        return ""


class Edge(_Model):
    """A dated, sourced relation, always from the subject to its parent, owner, brand owner or maker."""

    subject: str = Field(description="entity key (source:source_id)")
    relation: str = Field(description="subsidiary_of, owned_by, brand_of, oem_relabel_of, successor_of, ...")
    object: str = Field(description="entity key of the parent, owner, brand owner or manufacturer")
    share: float | None = Field(None, description="ownership share in percent, where known")
    start: str | None = None
    end: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    dates_from: str | None = Field(
        None, description="set when an undated relation borrows the dates of its pair's dated ownership relation")
    evidence: Literal["sourced relation", "name affiliate"] = Field(
        "sourced relation", description="sourced relation (a filing, register or list states it) or name affiliate "
                                        "(only the name suggests it: drawn dashed)")

    def in_force(self, as_of: datetime.date) -> bool:
        return in_force(self.start, self.end, as_of)

    def why_not(self, as_of: datetime.date) -> str:
        if self.start and not in_force(self.start, None, as_of):
            return f"the {self.relation} relation starts {self.start}"
        return f"the {self.relation} relation ended on {self.end}"

    def label(self) -> str:
        """``subsidiary_of 30% (2018-02 → 2022-11-24)``: relation, share, dates; ``name suggests affiliate``."""
        if self.evidence == "name affiliate":
            return "name suggests affiliate"
        text = self.relation
        if self.share is not None:
            text += f" {self.share:g}%"
        if self.start or self.end:
            text += f" ({self.start or '?'} → {self.end or 'now'})"
        return text


class Owner(_Model):
    """A listed or blocked owner counted in an ownership aggregate."""

    owner: str = Field(description="entity key")
    name: str
    share: float | None = None
    blocked_because: str = Field(description="listed, or owned at or above the rule's threshold by blocked persons")


class Exposure(_Model):
    """A path of relations that exposes an entity to a listing under a regime, or an ownership aggregate."""

    regime: str = Field(description="regime id, e.g. ndaa_889, ofac_50, brand_relabel")
    regime_name: str
    applied: bool = Field(description="whether the regime applies on the date")
    why: str = Field(description="why it applies or not (in effect, suspended, below the threshold...)")
    path: list[Edge] = Field(default_factory=list)
    listing: Listing | None = Field(None, description="the listing at the end of the path")
    aggregate_share: float | None = Field(None, description="for ownership aggregates: listed owners' total share")
    owners: list[Owner] = Field(default_factory=list)
    entity: str | None = Field(None, description="the exposed entity's key (set in screening results)")
    names: dict[str, str] = Field(default_factory=dict, description="readable names of the keys on the path")

    def target(self) -> str:
        """``us_ndaa_889 via ndaa_889``, or ``ofac_50: aggregate 55%``; with why, when not applied."""
        if self.listing is not None:
            text = f"{self.listing.list} via {self.regime}"
        elif self.aggregate_share is not None:
            text = f"{self.regime}: aggregate {self.aggregate_share:g}%"
        else:
            text = self.regime
        return text if self.applied else f"{text}, not applied: {self.why}"


class Evidence(_Model):
    """Product or device evidence: a model number, brand, relabel, MAC block or banner of a covered maker."""

    kind: str = Field(description="model_pattern, brand, relabel, mac_oui, vendor_string, banner or name_affiliate")
    level: str = Field(description="pattern, brand relation, sourced relabel, sourced relation, name affiliate or "
                                   "registry")
    detail: str = Field(description="what was found, in words")
    entity: str | None = Field(None, description="entity key of the manufacturer or brand owner it points at")
    source: str | None = Field(None, description="source URL of the pattern, relation or registry")


class RegimeStatus(_Model):
    """A regime as a report states it: applied on the date or not, why, and its legal source."""

    id: str
    name: str
    applied: bool
    why: str
    source: str
    url: str


class ListInfo(_Model):
    """A list version a run screened against."""

    source: str
    version: int
    records: int
    fetched_at: str
    published: str | None = None
    sha256: str


class RowResult(_Model):
    """The outcome of one input row."""

    model_config = ConfigDict(frozen=False, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    row: int = Field(description="row number as a spreadsheet shows it (1 is the header)")
    kind: str = Field(description="parties, products, devices, holdings, collaborators or suppliers")
    input: dict[str, str] = Field(description="the row's fields, as read")
    status: RowStatus = "clear"
    summary: str = "no exposure found"
    hits: list[Hit] = Field(default_factory=list)
    exposures: list[Exposure] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    path: list[str] = Field(
        default_factory=list, description="suppliers: the chain of supplier names from this node up to the top tier")
    findings_below: list[str] = Field(
        default_factory=list, description="suppliers: the findings of the nodes below this one, one line each "
                                          "(tier, supplier, product, what it alerted on)")


class RunMeta(_Model):
    """What a run screened, as of when, against what, and how."""

    model_config = ConfigDict(frozen=False, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    input: str = Field(description="input file name")
    kind: str
    as_of: str = Field(description="screening date (rows' own dates apply when it was not fixed)")
    engine: str = Field(description="local or spark")
    started_at: str
    finished_at: str | None = None
    rows: int = 0
    alerts: int = 0
    threshold: float = Field(description="lowest score of a hit")
    matching: MatchingConfig = Field(description="the whole matching configuration the run used")
    lists: list[ListInfo] = Field(default_factory=list)
    regimes: list[RegimeStatus] = Field(default_factory=list)
    columns: dict[str, str] = Field(default_factory=dict, description="field -> the input's column header")
    behind_version: str = ""


class Report(_Model):
    """The JSON report: the run and every row."""

    meta: RunMeta
    rows: list[RowResult]


__all__ = ["Edge", "Evidence", "EvidenceKind", "Exposure", "Hit", "HitStatus", "IdentifierMatch", "LinkReason",
           "ListInfo", "ListVersion", "MatchExplanation", "NameMatch", "Owner", "RegimeStatus", "Report",
           "RowResult", "RowStatus", "RunMeta", "SourceRef"]
