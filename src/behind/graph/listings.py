"""Listings: which list names an entity, under which program, since when, with which citation.

Every reader keeps listings its own way (OFAC: the record's source and programs;
the curated file: dated listings with citations; FtM: ``Sanction`` records). This
module turns them into one :class:`Listing` shape with a list key the regimes
understand (``us_ofac_sdn``, ``us_ofac_ns_cmic``, ``us_bis_entity_list``...).
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime

from behind.model.dates import in_force
from behind.model.entity import Entity

CMIC_PROGRAMS = ("CMIC-EO13959", "CMIC-EO14032")


@dataclass(frozen=True)
class Listing:
    list: str
    program: str | None
    date: str | None
    end: str | None
    citation: str | None
    source_url: str | None
    record: str  # the entity key that carries it

    def in_force(self, as_of: datetime.date) -> bool:
        return in_force(self.date, self.end, as_of)


def listings_of(entity: Entity) -> list[Listing]:
    key = entity.key
    if entity.source == "curated":
        out = []
        for item in entity.extra.get("listings", []):
            srcs = item.get("sources") or []
            out.append(Listing(item["list"], None, item.get("date"), item.get("end"), item.get("citation"),
                               srcs[0].get("url") if srcs and isinstance(srcs[0], dict) else entity.source_url, key))
        return out
    if entity.source == "us_ofac_sdn":
        return [Listing("us_ofac_sdn", p, entity.listed_on, None, f"OFAC SDN, program {p}", entity.source_url, key)
                for p in entity.programs]
    if entity.source == "us_ofac_cons":
        return [Listing("us_ofac_ns_cmic" if p in CMIC_PROGRAMS else "us_ofac_cons", p, entity.listed_on, None,
                        f"OFAC consolidated non-SDN list, program {p}", entity.source_url, key)
                for p in entity.programs]
    if entity.source == "us_trade_csl":
        name = str(entity.extra.get("list", ""))
        lst = ("us_bis_entity_list" if "Entity List" in name else "us_bis_meu" if "Military End" in name
               else "us_trade_csl")
        notice = entity.extra.get("federal_register_notice")
        return [Listing(lst, p, entity.listed_on, entity.extra.get("end_date"),
                        f"{name}; {notice}" if notice else name, entity.source_url, key)
                for p in entity.programs or [lst]]
    sanctions = entity.extra.get("sanctions") or []
    if sanctions:  # FollowTheMoney Sanction records
        out = []
        for s in sanctions:
            authority = str(s.get("authority", ""))
            program = s.get("program")
            ofac = "Office of Foreign Assets Control" in authority or "OFAC" in authority
            cmic = any(c in str(program) for c in CMIC_PROGRAMS)
            lst = ("us_ofac_ns_cmic" if ofac and cmic else "us_ofac_sdn" if ofac else entity.source)
            out.append(Listing(lst, program, s.get("listingDate") or s.get("startDate"), s.get("endDate"),
                               f"{authority}: {program}" if authority else program, s.get("sourceUrl"), key))
        return out
    if any(p.startswith("sanction.linked") for p in entity.programs) and len(entity.programs) == 1:
        return []  # an FtM record named only because of its link to a listed one
    return [Listing(entity.source, p, entity.listed_on, None, None, entity.source_url, key)
            for p in entity.programs or [entity.source]]


__all__ = ["Listing", "listings_of"]
