"""Parse the free-text ``Remarks`` of OFAC's legacy CSV into structured facts.

OFAC packs most of what it knows about a record into one remarks string:

    DOB 10 Oct 1971; POB Chele County, ..., China; nationality China;
    National ID No. 653225197110100533 (China); a.k.a. 'ABUDUHAKE'; Linked To: XPCC.

The string is split on ``; `` (outside single-quoted aliases) and each part is
matched against the label tables, longest label first: identifiers through the
one table of publishers' labels (:data:`behind.text.IDENTIFIER_LABELS`), other
facts through :data:`EXTRA_LABELS`. What no label matches is kept verbatim in
``other`` so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from behind.model.entity import Alias, Identifier, Link
from behind.text import IDENTIFIER_LABELS

# label -> key in ``extra`` (values kept as text)
EXTRA_LABELS: dict[str, str] = {
    "Website": "website",
    "Email Address": "email",
    "Phone Number": "phone",
    "Target Type": "target_type",
    "Issuer Name": "issuer_name",
    "Effective Date (CMIC)": "cmic_effective_date",
    "Purchase/Sales For Divestment Date (CMIC)": "cmic_divestment_date",
    "Listing Date (CMIC)": "cmic_listing_date",
    "Organization Established Date": "established",
    "Organization Type": "organization_type",
    "Secondary sanctions risk": "secondary_sanctions",
    "Additional Sanctions Information -": "additional_sanctions",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions": "transactions_prohibited",
    "Executive Order 13846 information": "eo13846",
    "Executive Order 13662 Directive Determination -": "eo13662_directive",
    "Former Vessel Flag": "former_vessel_flag",
    "Nationality of Registration": "nationality_of_registration",
    "Aircraft Operator": "aircraft_operator",
    "Aircraft Model": "aircraft_model",
    "Aircraft Tail Number": "aircraft_tail_number",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_msn",
    "Aircraft Manufacture Date": "aircraft_manufacture_date",
    "Digital Currency Address -": "digital_currency_address",
}

_ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
_ALIAS_RE = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.),?\s+'(?P<name>.*)'\.?$", re.S)
_VALUE_RE = re.compile(r"^(?P<value>.+?)(?:\s+\((?P<country>[^()]+)\))?(?P<rest>\s+(?:issued|expires|Issue Date|Expire Date)\b.*)?$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE_RE = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Za-z]{3}) )?(\d{4})$", re.ASCII)

_ALL_LABELS = sorted(
    [(label, "id", scheme) for label, scheme in IDENTIFIER_LABELS.items()]
    + [(label, "extra", key) for label, key in EXTRA_LABELS.items()],
    key=lambda t: -len(t[0]),
)


@dataclass
class Remarks:
    """What one remarks string says, split into fields."""

    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    gender: str | None = None
    links: list[Link] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)


def ofac_date(text: str) -> str | None:
    """``10 Oct 1971`` -> ``1971-10-10``; ``Oct 1971`` -> ``1971-10``; ``1955`` -> ``1955``.

    Returns None for text that is not such a date (``circa 1960``, ranges).
    """
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    day, mon, year = m.groups()
    if mon is None:
        return year if day is None else None
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    if day is None:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{int(day):02d}"


def split_remarks(text: str) -> list[str]:
    """Split on ``;`` outside single-quoted alias names.

    A quote only opens right after ``a.k.a. `` and closes at ``'`` followed by
    ``;`` or the end, so names like ``'AL-HAQ, 'Abd'`` stay whole.
    """
    parts: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    in_quote = False
    while i < n:
        ch = text[i]
        if not in_quote and ch == "'" and re.search(r"[a-z]\.k\.a\.,?\s*$", "".join(buf[-8:])):
            in_quote = True
        elif in_quote and ch == "'" and (i + 1 == n or text[i + 1] in ";." and (i + 2 >= n or text[i + 2] == " ")):
            in_quote = False
        if ch == ";" and not in_quote:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def parse_remarks(text: str | None) -> Remarks:
    """Parse one OFAC remarks string. Pure; never raises on odd text."""
    out = Remarks()
    if not text:
        return out
    body = text.strip()
    for part in split_remarks(body):
        part = part.rstrip(".") if not part.endswith("'.") else part[:-1]
        _parse_part(part, out)
    return out


def _parse_part(part: str, out: Remarks) -> None:
    m = _ALIAS_RE.match(part)
    if m:
        out.aliases.append(Alias(name=m.group("name").strip(), kind=_ALIAS_KINDS[m.group(1)]))
        return
    core = part[5:] if part.startswith("alt. ") else part
    if core.startswith("Linked To:"):
        target = core[len("Linked To:"):].strip().rstrip(".")
        if target:
            out.links.append(Link(relation="linked_to", target=target))
        return
    if core.startswith("DOB "):
        value = core[4:].strip()
        date = ofac_date(value)
        if date:
            out.birth_dates.append(date)
        elif " to " in value:  # "DOB 1960 to 1962"
            out.birth_dates.extend(d for d in (ofac_date(v) for v in value.split(" to ")) if d)
        else:
            out.extra.setdefault("dob_text", []).append(value)
        return
    if core.startswith("POB "):
        out.birth_places.append(core[4:].strip())
        return
    if core.startswith("nationality "):
        out.nationalities.append(core[len("nationality "):].strip())
        return
    if core.startswith("citizen "):
        out.citizenships.append(core[len("citizen "):].strip())
        return
    if core.startswith("Gender "):
        out.gender = core[len("Gender "):].strip().lower()
        return
    for label, kind, key in _ALL_LABELS:
        if core.startswith(label) and (len(core) == len(label) or core[len(label)] in " :"):
            value = core[len(label):].lstrip(" :").strip()
            if kind == "id":
                ident = _identifier(key, value, label)
                if ident:
                    out.identifiers.append(ident)
            else:
                out.extra.setdefault(key, []).append(value)
            return
    out.other.append(part)


def _identifier(scheme: str, value: str, label: str) -> Identifier | None:
    # whitespace runs collapsed first: on a long run _VALUE_RE backtracks quadratically (found by
    # fuzzing: 40,000 spaces in one passport number took 25 s)
    value = " ".join(value.split())
    if not value:
        return None
    m = _VALUE_RE.match(value)
    assert m is not None  # the pattern accepts any non-empty text
    val = m.group("value").strip()
    country = m.group("country")
    if scheme == "imo":
        val = val.removeprefix("IMO").strip()
    note = label if scheme in ("registration", "national_id", "tax_id", "other") else None
    rest = (m.group("rest") or "").strip()
    if rest:
        note = f"{note}; {rest}" if note else rest
    return Identifier(scheme=scheme, value=val, country=country, note=note)


__all__ = ["EXTRA_LABELS", "Remarks", "ofac_date", "parse_remarks", "split_remarks"]
